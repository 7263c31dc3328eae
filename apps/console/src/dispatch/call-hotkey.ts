// F2 opens a new call from anywhere; N does too unless the dispatcher is typing somewhere.

export interface HotkeyEvent {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
}

function isEditable(target: EventTarget | null): boolean {
  if (typeof target !== 'object' || target === null || !('tagName' in target)) return false;
  const element = target as { tagName: string; isContentEditable?: boolean };
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.isContentEditable === true;
}

export function isCallHotkey(event: HotkeyEvent): boolean {
  if (event.key === 'F2') return true;
  if (event.altKey || event.ctrlKey || event.metaKey) return false;
  return (event.key === 'n' || event.key === 'N') && !isEditable(event.target);
}
