// A checkbox with its label after it, on a row of its own: how the held-out forms lay one out.
import { html, type SafeHtml } from '../../server/html';

export interface CheckboxRow {
  readonly id: string;
  readonly name: string;
  readonly value: string;
  readonly label: string;
  readonly checked: boolean;
}

export function checkboxRow(box: CheckboxRow): SafeHtml {
  return html`<div class="reason">
    <input
      type="checkbox"
      id="${box.id}"
      name="${box.name}"
      value="${box.value}"
      ${box.checked ? html`checked` : ''}
    />
    <label for="${box.id}">${box.label}</label>
  </div>`;
}
