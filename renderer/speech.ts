/** Says the verdict aloud in Mandarin where the platform can; silently does nothing where it cannot. */

/** `?muted=1` silences the kiosk (a lane beside a ward at night, a test run). */
export function isMuted(search: string): boolean {
  return new URLSearchParams(search).get('muted') === '1';
}

export function speak(text: string): void {
  if (typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return;
  try {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = 'zh-CN';
    speechSynthesis.cancel(); // a new verdict interrupts the last one rather than queueing behind it
    speechSynthesis.speak(utterance);
  } catch {
    // Speech is a courtesy: the screen has already said it.
  }
}
