// The right column (Activity over People). Wide windows show it beside the
// thread; below NARROW_QUERY it does not fit, so a toggle in the sidebar shows
// it as an overlay instead (styles.css, "Narrow windows"): on read-only servers
// the Activity panel is the main content and must stay reachable. Opening
// moves focus into the column; Esc or Close closes it and focus goes back to the toggle.
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

/** Where the column stops fitting (styles.css's breakpoint). */
export const NARROW_QUERY = '(max-width: 760px)';
const SIDE_ID = 'workspace-side';

const narrow = (): boolean => window.matchMedia(NARROW_QUERY).matches;

interface ToggleProps {
  readonly open: boolean;
  readonly onToggle: () => void;
  readonly buttonRef: RefObject<HTMLButtonElement | null>;
}

/** Shown in narrow windows only (CSS): wide ones have the column in view. */
export function SideToggle({ open, onToggle, buttonRef }: ToggleProps): React.JSX.Element {
  return (
    <button type="button" ref={buttonRef} className="button button--small side-toggle" aria-expanded={open} aria-controls={SIDE_ID} onClick={onToggle}>
      People and activity
    </button>
  );
}

interface ColumnProps {
  readonly open: boolean;
  /** Another overlay (a dialog) is on top and owns Esc. */
  readonly blocked: boolean;
  readonly onClose: () => void;
  readonly toggleRef: RefObject<HTMLButtonElement | null>;
  readonly children: ReactNode;
}

export function SideColumn({ open, blocked, onClose, toggleRef, children }: ColumnProps): React.JSX.Element {
  const column = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open && narrow()) column.current?.focus();
  }, [open]);

  useEffect(() => {
    if (!open || blocked) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented || !narrow()) return;
      event.preventDefault();
      onClose();
      toggleRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, blocked, onClose, toggleRef]);

  const close = (): void => {
    onClose();
    toggleRef.current?.focus();
  };

  return (
    <div id={SIDE_ID} ref={column} tabIndex={-1} className={open ? 'side side--open' : 'side'}>
      {/* Narrow windows only (CSS): the overlay covers part of the thread. */}
      <button type="button" className="button button--small side__close" aria-label="Close people and activity" onClick={close}>
        Close
      </button>
      {children}
    </div>
  );
}
