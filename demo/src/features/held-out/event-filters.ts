// Held-out page: a walking club's events in July with a multi-select filter. "What's on in July" lists
// ten events (a walk, a talk, a workshop or a social, free or not); the filter form has a "Type" group of
// checkboxes (Walks, Talks, Workshops, Socials) and a "Free events only" checkbox, and "Apply filters"
// sends it as a plain GET form (/events?type=walk&type=talk&free=1), filtered on the server. Several
// types show the events of any of them; "Free events only" narrows that to the free ones. Each filter in
// use is shown above the list as a chip, a link named "Remove filter: Walks" that goes to the same
// search without it, with "Clear all filters" beside them; "Showing 6 of 10 events" says how many match
// and "No events match these filters." when none do. Broken, the list is filtered by the first type in
// the address alone (the query is read with get() where getAll() was meant), while the chips and the
// ticked boxes still show every type chosen: Walks and Talks shows the four walks, "Showing 4 of 10
// events", and the two talks are missing.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';
import { checkboxRow } from './checkbox-row';

export const EVENTS_PATH = '/events';

export const EVENT_TYPES: readonly {
  readonly value: string;
  readonly label: string;
  readonly one: string;
}[] = [
  { value: 'walk', label: 'Walks', one: 'Walk' },
  { value: 'talk', label: 'Talks', one: 'Talk' },
  { value: 'workshop', label: 'Workshops', one: 'Workshop' },
  { value: 'social', label: 'Socials', one: 'Social' },
];

interface ClubEvent {
  readonly day: string;
  readonly title: string;
  readonly type: string;
  /** In dollars; 0 is free. */
  readonly price: number;
}

export const CLUB_EVENTS: readonly ClubEvent[] = [
  { day: 'Saturday 4 July', title: 'Zennor coast walk', type: 'walk', price: 0 },
  { day: 'Tuesday 7 July', title: 'The tin mines of Penwith', type: 'talk', price: 5 },
  { day: 'Thursday 9 July', title: 'Map and compass basics', type: 'workshop', price: 12 },
  { day: 'Saturday 11 July', title: 'Lamorna to Mousehole', type: 'walk', price: 0 },
  { day: 'Wednesday 15 July', title: 'Bats at dusk', type: 'talk', price: 0 },
  { day: 'Friday 17 July', title: 'Summer barbecue', type: 'social', price: 8 },
  { day: 'Saturday 18 July', title: 'Carn Brea hill walk', type: 'walk', price: 0 },
  { day: 'Tuesday 21 July', title: 'First aid for walkers', type: 'workshop', price: 20 },
  { day: 'Saturday 25 July', title: 'Night walk to Chapel Carn Brea', type: 'walk', price: 0 },
  { day: 'Thursday 30 July', title: 'Quiz night at the Dolphin', type: 'social', price: 0 },
];

interface EventFilter {
  /** The chosen types, known ones only, each once, in the order of the Type group. */
  readonly types: readonly string[];
  readonly free: boolean;
}

function filterQuery(filter: EventFilter): string {
  const query = new URLSearchParams();
  for (const type of filter.types) query.append('type', type);
  if (filter.free) query.set('free', '1');
  const text = query.toString();
  return text === '' ? EVENTS_PATH : `${EVENTS_PATH}?${text}`;
}

export function eventFilters(app: AppContext): FeatureModule {
  const broken = app.isBroken('event-filters');
  return {
    routes: [
      {
        method: 'GET',
        path: EVENTS_PATH,
        handle: (ctx) => {
          const params = ctx.url.searchParams;
          const asked = params.getAll('type');
          const filter: EventFilter = {
            types: EVENT_TYPES.filter((t) => asked.includes(t.value)).map((t) => t.value),
            free: params.get('free') === '1',
          };
          // Broken: only the first type in the address is used to filter the list.
          const first = params.get('type');
          const listed = broken ? (first === null ? [] : [first]) : filter.types;
          const events = CLUB_EVENTS.filter(
            (e) => (listed.length === 0 || listed.includes(e.type)) && (!filter.free || e.price === 0),
          );
          const chips = [
            ...EVENT_TYPES.filter((t) => filter.types.includes(t.value)).map((t) => ({
              label: t.label,
              href: filterQuery({ ...filter, types: filter.types.filter((v) => v !== t.value) }),
            })),
            ...(filter.free ? [{ label: 'Free only', href: filterQuery({ ...filter, free: false }) }] : []),
          ];
          renderPage(app, ctx, {
            title: "What's on in July",
            body: html`<h1>What's on in July</h1>
              <p>Walks, talks and get-togethers of the Penwith Walkers. Everyone is welcome.</p>
              <form class="event-filter" method="get" action="${EVENTS_PATH}">
                <fieldset class="event-types">
                  <legend>Type</legend>
                  ${EVENT_TYPES.map((t) =>
                    checkboxRow({
                      id: `type-${t.value}`,
                      name: 'type',
                      value: t.value,
                      label: t.label,
                      checked: filter.types.includes(t.value),
                    }),
                  )}
                </fieldset>
                ${checkboxRow({
                  id: 'free-only',
                  name: 'free',
                  value: '1',
                  label: 'Free events only',
                  checked: filter.free,
                })}
                <div class="form-actions">
                  <button type="submit">Apply filters</button>
                </div>
              </form>
              ${
                chips.length === 0
                  ? ''
                  : html`<div class="chips-row">
                      <ul class="tags" aria-label="Active filters">
                        ${chips.map(
                          (c) =>
                            html`<li class="tag">
                              ${c.label}
                              <a class="chip-remove" href="${c.href}" aria-label="Remove filter: ${c.label}"
                                ><span aria-hidden="true">×</span></a
                              >
                            </li>`,
                        )}
                      </ul>
                      <a href="${EVENTS_PATH}">Clear all filters</a>
                    </div>`
              }
              <p id="event-count" role="status">Showing ${events.length} of ${CLUB_EVENTS.length} events</p>
              ${
                events.length === 0
                  ? html`<p>No events match these filters.</p>`
                  : html`<ul class="projects" aria-label="Events">
                      ${events.map(
                        (e) =>
                          html`<li>
                            <article class="project">
                              <h2>${e.title}</h2>
                              <p class="hint">
                                ${e.day} · ${EVENT_TYPES.find((t) => t.value === e.type)?.one ?? ''} ·
                                ${e.price === 0 ? 'Free' : html`$${e.price}`}
                              </p>
                            </article>
                          </li>`,
                      )}
                    </ul>`
              }`,
          });
        },
      },
    ],
  };
}
