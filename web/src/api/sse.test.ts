import { parseFrames } from './sse';

describe('server-sent event frames', () => {
  it('splits complete frames, keeps the partial one, and skips comments', () => {
    const { events, rest } = parseFrames(
      ': stream open\n\nid: 7:abc\nevent: TenderPublished\ndata: {"blockNumber":7}\n\nid: 8:de',
    );
    expect(events).toEqual([{ id: '7:abc', event: 'TenderPublished', data: '{"blockNumber":7}' }]);
    expect(rest).toBe('id: 8:de');
  });

  it('joins multi-line data and accepts CRLF', () => {
    const { events } = parseFrames('data: a\r\ndata: b\r\n\r\n');
    expect(events).toEqual([{ data: 'a\nb' }]);
  });
});
