// Held-out page: a billing history of 34 invoices (INV-1001 issued 1 Jan 2028 to INV-1034 issued
// 1 Oct 2030, one a month), newest first and paginated on the server, ten to a page: /invoices?page=N
// shows "Showing 11–20 of 34 invoices" above the table and a Pagination nav below it (Previous, the
// page numbers with the current one marked, Next; Previous and Next only where there is such a page).
// An out-of-range page shows the nearest one. Broken, the page count is rounded down (34 / 10 makes 3
// pages): there is no page 4, page 3 has no Next, and the four oldest invoices are never shown.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

const PER_PAGE = 10;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface Invoice {
  readonly number: string;
  readonly issued: string;
  readonly amount: string;
  readonly status: 'Paid' | 'Due';
}

/** Newest first. */
export const INVOICES: readonly Invoice[] = Array.from({ length: 34 }, (_, i): Invoice => {
  const cents = 4900 + ((i * 1370) % 6000);
  return {
    number: `INV-${1001 + i}`,
    issued: `1 ${MONTHS[i % 12] ?? ''} ${2028 + Math.floor(i / 12)}`,
    amount: `$${(cents / 100).toFixed(2)}`,
    status: i === 33 ? 'Due' : 'Paid',
  };
}).reverse();

export function invoiceList(app: AppContext): FeatureModule {
  const broken = app.isBroken('invoice-list');
  const pages = broken ? Math.floor(INVOICES.length / PER_PAGE) : Math.ceil(INVOICES.length / PER_PAGE);
  const href = (page: number): string => `/invoices?page=${page}`;
  return {
    routes: [
      {
        method: 'GET',
        path: '/invoices',
        handle: (ctx) => {
          const asked = Number.parseInt(ctx.url.searchParams.get('page') ?? '1', 10);
          const page = Math.min(Math.max(Number.isNaN(asked) ? 1 : asked, 1), pages);
          const first = (page - 1) * PER_PAGE;
          const shown = INVOICES.slice(first, first + PER_PAGE);
          renderPage(app, ctx, {
            title: `Invoices (page ${page} of ${pages})`,
            body: html`<h1>Invoices</h1>
              <p>Your billing history, newest first.</p>
              <p id="invoice-range">
                Showing ${first + 1}–${first + shown.length} of ${INVOICES.length} invoices
              </p>
              <table>
                <caption class="visually-hidden">
                  Invoices
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Invoice</th>
                    <th scope="col">Issued</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  ${shown.map(
                    (inv) =>
                      html`<tr>
                        <th scope="row">${inv.number}</th>
                        <td>${inv.issued}</td>
                        <td>${inv.amount}</td>
                        <td>${inv.status}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              <nav aria-label="Pagination">
                <ul class="pagination">
                  ${
                    page > 1
                      ? html`<li>
                          <a href="${href(page - 1)}" rel="prev"
                            >Previous<span class="visually-hidden"> page</span></a
                          >
                        </li>`
                      : ''
                  }
                  ${Array.from(
                    { length: pages },
                    (_, i) =>
                      html`<li>
                        <a
                          href="${href(i + 1)}"
                          aria-label="Page ${i + 1}"
                          ${i + 1 === page ? html`aria-current="page"` : ''}
                          >${i + 1}</a
                        >
                      </li>`,
                  )}
                  ${
                    page < pages
                      ? html`<li>
                          <a href="${href(page + 1)}" rel="next"
                            >Next<span class="visually-hidden"> page</span></a
                          >
                        </li>`
                      : ''
                  }
                </ul>
              </nav>`,
          });
        },
      },
    ],
  };
}
