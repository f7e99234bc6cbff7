// Download progress people can see: on a terminal one line that updates in place; in a log (CI,
// a pipe) a few lines, so the output stays readable and still shows the download is moving.

export interface ProgressSink {
  isTTY: boolean;
  write(text: string): void;
}

export interface ProgressLike {
  transferred: number;
  total: number | null;
}

const mb = (bytes: number): string => (bytes / 1_000_000).toFixed(1);

/** Returns `update` (call with each progress) and `done` (call once, success or not). */
export function progressReporter(label: string, sink: ProgressSink): { update(p: ProgressLike): void; done(): void } {
  let shown = -1;
  let open = false;
  const step = sink.isTTY ? 1 : 25;
  return {
    update({ transferred, total }) {
      const percent = total ? Math.floor((transferred * 100) / total) : null;
      const bucket = percent === null ? Math.floor(transferred / 10_000_000) : Math.floor(percent / step);
      if (bucket === shown) return;
      shown = bucket;
      const text = percent === null ? `${label}: ${mb(transferred)} MB` : `${label}: ${percent}% (${mb(transferred)} of ${mb(total!)} MB)`;
      if (sink.isTTY) {
        sink.write(`\r${text}\u001b[K`);
        open = true;
      } else sink.write(`${text}\n`);
    },
    done() {
      if (open) sink.write('\n');
      open = false;
    },
  };
}
