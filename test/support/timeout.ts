// End-to-end steps wait for blocks to be cut and committed; give each test room.
jest.setTimeout(300_000);
