// A list of labelled facts (term → value): a rights URL's anatomy, an error's cause and fix, a
// license's policy. Conditional facts are passed as null/false and left out.
import type { ReactNode } from 'react';

export interface Fact {
  term: string;
  value: ReactNode;
  /** The value is code-like (a host, a body, a content_id): monospaced, wraps anywhere. */
  mono?: boolean;
}

export function Facts({ items, className }: { items: readonly (Fact | null | false | undefined)[]; className: string }) {
  return (
    <dl className={className}>
      {items
        .filter((f): f is Fact => Boolean(f))
        .map((f, i) => (
          <div key={i}>
            <dt>{f.term}</dt>
            <dd className={f.mono ? 'mono' : undefined}>{f.value}</dd>
          </div>
        ))}
    </dl>
  );
}
