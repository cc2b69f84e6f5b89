// "Settings", and the dialog it opens (mounted only while open).
import { useState } from 'react';
import { SettingsDialog } from './SettingsDialog';

export function SettingsButton({ className = 'button button--small' }: { readonly className?: string }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Settings
      </button>
      {open && <SettingsDialog onClose={() => setOpen(false)} />}
    </>
  );
}
