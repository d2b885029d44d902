/** The bridge's link state (../bridge/link.ts), as a value the screen re-renders on. */
import { useEffect, useState } from 'preact/hooks';
import type { BridgeLink, LinkState } from '../bridge/link.js';

export function useLink(link: BridgeLink): LinkState {
  const [state, setState] = useState(link.state());
  useEffect(() => {
    setState(link.state());
    return link.onChange(setState);
  }, [link]);
  return state;
}
