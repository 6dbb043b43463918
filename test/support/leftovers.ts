// A test file that fails before its own `gateway.stop()` must not leave the gateway running: the child
// would outlive the run and keep Jest from exiting.
import { stopLeftoverGateways } from '../../scripts/lib/gateway-process';

afterAll(async () => {
  const stopped = await stopLeftoverGateways();
  if (stopped > 0) console.warn(`stopped ${String(stopped)} gateway(s) this test file left running`);
});
