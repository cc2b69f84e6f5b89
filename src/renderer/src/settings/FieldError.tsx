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

/** Under a field: its hint (when it has one) and its refusal, each with the id the field's aria-describedby names. */
export function FieldNotes({ hint, hintId, errorId, error }: { readonly hint: string | undefined; readonly hintId: string | null; readonly errorId: string; readonly error: string | null }): React.JSX.Element {
  return (
    <>
      {hint && (
        <p id={hintId ?? undefined} className="hint settings__hint">
          {hint}
        </p>
      )}
      <FieldError id={errorId} error={error} />
    </>
  );
}
