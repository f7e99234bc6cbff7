// A separate process that owns a data dir through the real core, for the tests that need two
// processes or a kill -9. Run: node --import tsx test/support/data-dir-process.ts <mode> <dataDir>
//   hold  — open the core as the desktop app does (runtime 'electron'), print {"ready":pid}, wait.
//   write — open it, then write settings, vault and history without pause, printing one JSON line
//           per write once it is acknowledged: {"settings":{…}}, {"vault":{environment,hint}}, {"history":id}.
// A refusal (the data dir is in use) is printed on stderr and ends the process with code 3.
import { createCore } from '../../electron/core/index.ts';
import { DataDirInUseError } from '../../electron/storage/data-dir-lock.ts';
import type { SandboxInfo, TokenResult, VaultStatus, Wire } from '../../shared/ipc/contract.ts';
import { fakeCipher } from './fake-cipher.ts';

const [mode, dataDir] = process.argv.slice(2);
if ((mode !== 'hold' && mode !== 'write') || !dataDir) {
  process.stderr.write('usage: data-dir-process.ts hold|write <dataDir>\n');
  process.exit(2);
}

const value = <T>(wire: Wire<unknown>): T => {
  if (!wire.ok) throw new Error(`${wire.error.code}: ${wire.error.message}`);
  return wire.value as T;
};
const say = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

let core;
try {
  core = await createCore({ dataDir, cipher: fakeCipher(), runtime: 'electron', appVersion: 'test', sandbox: mode === 'write' ? 'start' : 'none', log: (l) => process.stderr.write(`${l}\n`) });
} catch (error) {
  process.stderr.write(`${error instanceof DataDirInUseError ? error.message : String(error)}\n`);
  process.exit(3);
}
say({ ready: process.pid });
process.on('SIGTERM', () => void core.close().then(() => process.exit(0)));

if (mode === 'hold') {
  setInterval(() => undefined, 60_000);
} else {
  const sandbox = value<SandboxInfo>(await core.dispatch('sandbox.info', {}));
  const sample = sandbox.sample!;
  for (let n = 1; ; n++) {
    const patch = n % 2 === 1 ? { timeoutMs: 1_000 + n } : { defaultMethod: n % 4 === 0 ? 'GET' : 'POST' };
    value(await core.dispatch('settings.set', patch));
    say({ settings: patch });
    const environment = n % 2 === 1 ? 'test' : 'production';
    const status = value<VaultStatus>(await core.dispatch('vault.set', { environment, authenticator: `201722,${n.toString(16).padStart(32, '0')}`, sessionOnly: false }));
    say({ vault: { environment, hint: status.slots[environment].hint } });
    const result = value<TokenResult>(
      await core.dispatch('token.request', {
        requestId: `r${n}`,
        environment: 'sandbox',
        drm: 'widevine',
        params: [['kid', sample.kid], ['contentKey', sample.contentKey], ['securityLevel', '1'], ['hdcpOutputControl', '0']],
      }),
    );
    say({ history: result.historyId });
  }
}
