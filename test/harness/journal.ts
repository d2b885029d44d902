import Database from 'better-sqlite3';

export interface DecisionRow {
  seq: number;
  verdict: string;
  body: {
    ending: string;
    subject: { kind: string; masked: string } | null;
    rules: { id: string; outcome: string; values: Record<string, unknown> }[];
    policy: { sha256: string };
  };
}

/** Reads the journal the way an auditor would: a separate read-only connection to the real file. */
export function readDecisions(file: string): DecisionRow[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT seq, verdict, body FROM decisions ORDER BY seq').all() as { seq: number; verdict: string; body: string }[];
    return rows.map((r) => ({ seq: r.seq, verdict: r.verdict, body: JSON.parse(r.body) as DecisionRow['body'] }));
  } finally {
    db.close();
  }
}

export function readPolicyChanges(file: string): { outcome: string; detail: string | null; to_sha256: string | null }[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT outcome, detail, to_sha256 FROM policy_changes ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

/** The events chain's rows of the given kinds, oldest first, details parsed; read-only, like an auditor. */
export function readEvents(file: string, kinds: readonly string[]): { kind: string; at: string; detail: Record<string, unknown> }[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT kind, at, detail FROM events WHERE kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY id`).all(...kinds) as { kind: string; at: string; detail: string }[];
    return rows.map((r) => ({ kind: r.kind, at: r.at, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}
