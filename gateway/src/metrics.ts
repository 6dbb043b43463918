import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { AdmissionObserver, RefusalReason } from './fabric/admission';

/** Prometheus metrics shared by the HTTP and Fabric layers. Each app gets its own registry. */
export class Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly transactions: Counter<'transaction' | 'outcome'>;
  readonly endorseDuration: Histogram<'transaction'>;
  readonly commitDuration: Histogram<'transaction'>;
  readonly evaluateDuration: Histogram<'transaction'>;
  readonly queueDepth: Gauge<'peer'>;
  readonly inFlight: Gauge<'peer'>;
  readonly queueWait: Histogram<'peer'>;
  readonly refusals: Counter<'peer' | 'reason'>;

  constructor(options: Readonly<{ defaultMetrics?: boolean }> = {}) {
    this.registry = new Registry();
    if (options.defaultMetrics === true) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'gateway_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'gateway_http_request_duration_seconds',
      help: 'HTTP request latency by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.transactions = new Counter({
      name: 'gateway_fabric_transactions_total',
      help: 'Fabric transactions by name and outcome (committed, evaluated, refused, conflict, timeout, unavailable, error)',
      labelNames: ['transaction', 'outcome'],
      registers,
    });
    const ledgerBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];
    this.endorseDuration = new Histogram({
      name: 'gateway_fabric_endorse_duration_seconds',
      help: 'Endorsement latency',
      labelNames: ['transaction'],
      buckets: ledgerBuckets,
      registers,
    });
    this.commitDuration = new Histogram({
      name: 'gateway_fabric_commit_duration_seconds',
      help: 'Latency from submit to commit status',
      labelNames: ['transaction'],
      buckets: ledgerBuckets,
      registers,
    });
    this.evaluateDuration = new Histogram({
      name: 'gateway_fabric_evaluate_duration_seconds',
      help: 'Evaluate (query) latency',
      labelNames: ['transaction'],
      buckets: ledgerBuckets,
      registers,
    });
    this.queueDepth = new Gauge({
      name: 'gateway_fabric_queue_depth',
      help: "Requests waiting in the admission queue for a peer's Gateway service",
      labelNames: ['peer'],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'gateway_fabric_in_flight',
      help: "Fabric requests in flight to a peer's Gateway service",
      labelNames: ['peer'],
      registers,
    });
    this.queueWait = new Histogram({
      name: 'gateway_fabric_queue_wait_seconds',
      help: 'Time a request waited in the admission queue before it was sent to the peer',
      labelNames: ['peer'],
      buckets: [0, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 20, 30, 60],
      registers,
    });
    this.refusals = new Counter({
      name: 'gateway_fabric_refusals_total',
      help: "Admission refusals by peer and reason (queue_full, wait_timeout: LEDGER_BUSY before submit; peer_busy_retried: a peer's too-many-requests, sent again; peer_busy: one that outlasted the retries)",
      labelNames: ['peer', 'reason'],
      registers,
    });
  }

  /** The admission queue's reports, as these metrics. */
  admissionObserver(): AdmissionObserver {
    return {
      depth: (peer, waiting) => {
        this.queueDepth.set({ peer }, waiting);
      },
      inFlight: (peer, running) => {
        this.inFlight.set({ peer }, running);
      },
      waited: (peer, seconds) => {
        this.queueWait.observe({ peer }, seconds);
      },
      refused: (peer, reason: RefusalReason) => {
        this.refusals.inc({ peer, reason });
      },
    };
  }
}
