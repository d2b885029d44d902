/**
 * Gives a held key press back to the page once the core says a person typed it: the key events again (not
 * trusted, so the capture lets them through) to whatever listens, and, when nobody cancels them, what the key
 * would have done in a text field — its character (as the host's layout typed it: the person's own keyboard)
 * inserted at the caret, Backspace and Delete, Enter submitting the field's form. Other default actions (Tab
 * moving the focus, arrows moving the caret) are not replayed (docs/devices/wedge.md §5).
 */

export interface HeldKey {
  readonly code: string;
  readonly key: string;
  readonly shift: boolean;
  readonly ctrl: boolean;
  readonly alt: boolean;
  readonly meta: boolean;
  /** The element that had the focus when the key went down. */
  readonly target: Element | null;
}

type TextField = HTMLInputElement | HTMLTextAreaElement;
const isTextField = (e: Element | null): e is TextField => e instanceof HTMLTextAreaElement || (e instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(e.type));

/** Replaces the field's selection (or the caret's neighbour: `before`/`after` characters) with `text`, as typing would, and says so with an `input` event. */
function edit(field: TextField, text: string, inputType: string, before = 0, after = 0): void {
  const start = field.selectionStart;
  const end = field.selectionEnd;
  if (start === null || end === null) {
    // Fields without a caret API (type=number, email): typing goes at the end.
    field.value = before > 0 ? field.value.slice(0, -before) : field.value + text;
  } else if (start === end) field.setRangeText(text, Math.max(0, start - before), Math.min(field.value.length, end + after), 'end');
  else field.setRangeText(text, start, end, 'end');
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType, data: text === '' ? null : text }));
}

function defaultAction(held: HeldKey, field: Element | null): void {
  if (!isTextField(field) || field.readOnly || field.disabled) return;
  if (held.key.length === 1 || [...held.key].length === 1) edit(field, held.key, 'insertText');
  else if (held.key === 'Backspace') edit(field, '', 'deleteContentBackward', 1, 0);
  else if (held.key === 'Delete') edit(field, '', 'deleteContentForward', 0, 1);
  else if (held.key === 'Enter' && field instanceof HTMLInputElement) field.form?.requestSubmit();
}

export function replay(held: HeldKey, doc: Document): void {
  const target = held.target?.isConnected === true ? held.target : doc.activeElement;
  const init: KeyboardEventInit = { key: held.key, code: held.code, shiftKey: held.shift, ctrlKey: held.ctrl, altKey: held.alt, metaKey: held.meta, bubbles: true, cancelable: true, composed: true };
  const on = target ?? doc.body;
  if (on.dispatchEvent(new KeyboardEvent('keydown', init))) defaultAction(held, target);
  on.dispatchEvent(new KeyboardEvent('keyup', init));
}
