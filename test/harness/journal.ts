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
