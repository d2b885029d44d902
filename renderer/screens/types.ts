import type { ScreenView } from '../../src/ipc/view.js';

export type ScreenOf<K extends ScreenView['kind']> = Extract<ScreenView, { kind: K }>;
