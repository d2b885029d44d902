/**
 * Whether the page hears the core, for the screen to say "out of service" when it does not: `connecting`
 * until the bridge first answers, `up` while it does, `lost` once it closed or went silent (until it answers
 * again). Electron's preload is always `up`: its window lives and dies with the main process.
 */
export type LinkState = 'connecting' | 'up' | 'lost';

export interface BridgeLink {
  state(): LinkState;
  /** Called with each change; returns the unsubscribe function. */
  onChange(listener: (state: LinkState) => void): () => void;
}

export const ALWAYS_LINKED: BridgeLink = { state: () => 'up', onChange: () => () => undefined };

/** A link whose state the bridge sets. */
export function linkTracker(): BridgeLink & { set(state: LinkState): void } {
  let current: LinkState = 'connecting';
  const listeners = new Set<(state: LinkState) => void>();
  return {
    state: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(state) {
      if (state === current) return;
      current = state;
      for (const l of listeners) l(state);
    },
  };
}
