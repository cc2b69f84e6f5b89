// A control is disabled while its call is in flight, and disabling a focused
// control drops the focus to the page: a keyboard user would lose their place
// at every change. This gives the focus back when the call is over, unless
// the person has put it somewhere else meanwhile.
import { useEffect, useRef, type RefObject } from 'react';

export function useRefocus<T extends HTMLElement>(pending: boolean): { readonly ref: RefObject<T | null>; readonly mark: () => void } {
  const ref = useRef<T>(null);
  const wanted = useRef(false);
  useEffect(() => {
    if (pending || !wanted.current) return;
    wanted.current = false;
    const el = ref.current;
    const now = document.activeElement;
    if (el && (now === null || now === document.body || now === el.closest('dialog'))) el.focus();
  }, [pending]);
  /** Call as the change starts: remembers whether the control has the focus. */
  const mark = (): void => {
    wanted.current = ref.current !== null && document.activeElement === ref.current;
  };
  return { ref, mark };
}
