// A field's refusal, announced when it appears and tied to the field by id
// (the field sets aria-invalid and aria-describedby).
export function FieldError({ id, error }: { readonly id: string; readonly error: string | null }): React.JSX.Element | null {
  if (!error) return null;
  return (
    <p id={id} className="problem settings__error" role="alert">
      {error}
    </p>
  );
}

/** The ids a field's aria-describedby lists: its hint and, while there is one, its error. */
export function describedBy(hintId: string | null, errorId: string, error: string | null): string | undefined {
  const ids = [hintId, error ? errorId : null].filter((id): id is string => id !== null);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
