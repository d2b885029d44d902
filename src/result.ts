/**
 * Expected failures are values, not exceptions (VotingWorks `@votingworks/basics` style).
 * An exception anywhere in this codebase means a bug or a broken invariant.
 */
export interface Failure<C extends string = string> {
  readonly code: C;
  readonly message: string;
  /** Dotted field path for validation failures, e.g. `rules.2.params.thresholdC`. */
  readonly path?: string;
}

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = Failure> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

export function failure<C extends string>(code: C, message: string, path?: string): Failure<C> {
  return path === undefined ? { code, message } : { code, message, path };
}
