// Child-process entry: the fake vendors in their own process and event loop, driven over IPC by
// bench/fakes/control.ts (start, reset, faults, log summary, close).
import { startFakeVendors, type FakeVendors } from '../../test/fakes';
import { execute, fakesOptions, type HostReply, type HostRequest } from './control';

let fakes: FakeVendors | undefined;

function reply(message: HostReply): void {
  process.send?.(message);
}

process.on('message', (request: HostRequest) => {
  void (async () => {
    try {
      if (request.cmd === 'start') {
        fakes = await startFakeVendors(fakesOptions(request.setup));
        return reply({ id: request.id, ok: true, value: fakes.urls });
      }
      if (!fakes) throw new Error('not started');
      const value = await execute(fakes, request);
      reply({ id: request.id, ok: true, value });
      if (request.cmd === 'close') process.disconnect?.();
    } catch (error) {
      reply({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});

process.on('disconnect', () => {
  void (fakes?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
