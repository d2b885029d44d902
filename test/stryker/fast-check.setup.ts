/**
 * Under Stryker only (vitest.stryker.config.ts): a property that fails has killed its mutant, so fast-check
 * stops at the first counterexample instead of shrinking it, which can take longer than the mutant's timeout.
 */
import fc from 'fast-check';

fc.configureGlobal({ endOnFailure: true });
