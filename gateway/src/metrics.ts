import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics shared by the HTTP and Fabric layers. Each app gets its own registry. */
export class Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly transactions: Counter<'transaction' | 'outcome'>;
  readonly endorseDuration: Histogram<'transaction'>;
  readonly commitDuration: Histogram<'transaction'>;
  readonly evaluateDuration: Histogram<'transaction'>;

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
  }
}
