/** An on/off setting, announced as a switch. */
export function Switch(props: { label: string; checked: boolean; onChange(on: boolean): void; disabled?: boolean }) {
  return (
    <label class="switch">
      <input type="checkbox" role="switch" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <span>{props.label}</span>
    </label>
  );
}
