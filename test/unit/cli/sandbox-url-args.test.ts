// Every command that reaches a running sandbox checks its URL the same way, whether it came from
// --sandbox-url or DRM_WORKBENCH_SANDBOX_URL, and the error names where the bad value came from.
import { describe, expect, it } from 'vitest';
import { parseRecordsArgs } from '../../../cli/commands/records.ts';
import { parseReplayArgs } from '../../../cli/commands/replay.ts';
import { parseTokenArgs } from '../../../cli/commands/token.ts';

const KID = 'kid=0123456789abcdef0123456789abcdef';

describe('the sandbox URL, from the option or the environment', () => {
  it('records and replay take a trimmed http(s) URL without its trailing slash', () => {
    expect(parseRecordsArgs(['--sandbox-url', 'http://127.0.0.1:8777/'], {}).sandboxUrl).toBe('http://127.0.0.1:8777');
    expect(parseRecordsArgs([], { DRM_WORKBENCH_SANDBOX_URL: ' http://127.0.0.1:8777 ' }).sandboxUrl).toBe('http://127.0.0.1:8777');
    expect(parseReplayArgs(['b.json'], { DRM_WORKBENCH_SANDBOX_URL: 'https://sandbox.internal/' }).sandboxUrl).toBe('https://sandbox.internal');
    expect(parseReplayArgs(['b.json'], { DRM_WORKBENCH_SANDBOX_URL: '   ' }).sandboxUrl).toBeNull();
  });

  it('a bad --sandbox-url is refused by records and replay as by token, naming the option', () => {
    for (const parse of [(a: string[]) => parseRecordsArgs(a, {}), (a: string[]) => parseReplayArgs(['b.json', ...a], {}), (a: string[]) => parseTokenArgs([KID, ...a], {})]) {
      expect(() => parse(['--sandbox-url', 'file:///etc/passwd'])).toThrow(/--sandbox-url takes an http\(s\) URL, not a file: URL/);
      expect(() => parse(['--sandbox-url', 'localhost 8777'])).toThrow(/--sandbox-url takes the sandbox's http\(s\) URL/);
    }
  });

  it('a bad DRM_WORKBENCH_SANDBOX_URL is refused naming the variable, not an option that was never given', () => {
    expect(() => parseRecordsArgs([], { DRM_WORKBENCH_SANDBOX_URL: 'ftp://x' })).toThrow(/^DRM_WORKBENCH_SANDBOX_URL takes an http\(s\) URL/);
    expect(() => parseReplayArgs(['b.json'], { DRM_WORKBENCH_SANDBOX_URL: 'not a url' })).toThrow(/^DRM_WORKBENCH_SANDBOX_URL takes the sandbox's http\(s\) URL/);
  });
});
