// Modal dialog: a native <dialog> opened with showModal() (role=dialog, focus trapped, Escape
// closes) and closed by a method="dialog" form. Broken, the script listens on a selector that
// matches nothing, so the button does nothing.
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { renderPage } from '../server/layout';

function modalScript(broken: boolean): string {
  const opener = broken ? '#open-newsletter-button' : '#open-newsletter';
  return `(function () {
  var dialog = document.getElementById('newsletter-dialog');
  var opener = document.querySelector(${JSON.stringify(opener)});
  if (!opener) return;
  opener.addEventListener('click', function () {
    dialog.showModal();
  });
  dialog.addEventListener('close', function () {
    document.getElementById('open-newsletter').focus();
  });
})();
`;
}

export function modalDialog(app: AppContext): FeatureModule {
  return {
    scripts: { modal: modalScript(app.isBroken('modal-dialog')) },
    routes: [
      {
        method: 'GET',
        path: '/newsletter',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Newsletter',
            scripts: ['modal'],
            body: html`<h1>Newsletter</h1>
              <p>Hear about new products and offers first.</p>
              <button type="button" id="open-newsletter" aria-haspopup="dialog">
                Subscribe to the newsletter
              </button>
              <dialog
                id="newsletter-dialog"
                aria-labelledby="newsletter-title"
                aria-describedby="newsletter-text"
              >
                <h2 id="newsletter-title">Join our newsletter</h2>
                <p id="newsletter-text">
                  One email a month with new arrivals and member offers. Unsubscribe at any time.
                </p>
                <form method="dialog"><button type="submit">Close</button></form>
              </dialog>`,
          }),
      },
    ],
  };
}
