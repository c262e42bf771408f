// Held-out page: a photo gallery, "Coast path photos", fourteen photos (each a figure with its title
// and photographer) shown six at a time. The page opens with the first six and "Showing 6 of 14
// photos"; "Load more" fetches the next six from the server and adds them below the others ("Showing
// 12 of 14 photos"), moving the focus to the first new photo; once the last photo is shown the button
// goes and the line says "You've seen all 14 photos." Broken, the server says there are no more photos
// as soon as less than a full batch of six is left: after the second batch "Load more" disappears
// with "Showing 12 of 14 photos", so the last two photos (Choughs over the headland, Harbour lights
// at Newlyn) can never be seen and the gallery never says it has shown them all.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { sendJson } from '../../server/http';
import { renderPage } from '../../server/layout';

export const GALLERY_PATH = '/gallery';
export const GALLERY_BATCH = 6;

interface Photo {
  readonly title: string;
  readonly by: string;
  /** A colour standing in for the picture. */
  readonly tint: string;
}

export const PHOTOS: readonly Photo[] = [
  { title: 'Sunrise over Porthcurno', by: 'Maya Lopez', tint: '#f3b562' },
  { title: 'Gulls on the harbour wall', by: 'Sam Okafor', tint: '#9fb7c9' },
  { title: 'The path above Zennor', by: 'Maya Lopez', tint: '#7fa66a' },
  { title: 'Seals at Godrevy', by: 'Priya Shah', tint: '#8a9aa6' },
  { title: 'Lighthouse in the fog', by: 'Tom Evans', tint: '#c9ced3' },
  { title: 'Wild thyme on the cliff', by: 'Priya Shah', tint: '#b48fc1' },
  { title: 'Mousehole harbour', by: 'Sam Okafor', tint: '#6f9fc4' },
  { title: 'Rock pools at low tide', by: 'Tom Evans', tint: '#5d8a80' },
  { title: "St Michael's Mount at dusk", by: 'Maya Lopez', tint: '#c6786b' },
  { title: 'Foxgloves by the stile', by: 'Priya Shah', tint: '#d17fb0' },
  { title: 'Surfers at Sennen', by: 'Sam Okafor', tint: '#4f8fb8' },
  { title: 'The old tin mine', by: 'Tom Evans', tint: '#9b8466' },
  { title: 'Choughs over the headland', by: 'Maya Lopez', tint: '#56606b' },
  { title: 'Harbour lights at Newlyn', by: 'Tom Evans', tint: '#2f3f5c' },
];

interface Batch {
  readonly photos: readonly Photo[];
  readonly shown: number;
  readonly total: number;
  readonly more: boolean;
}

function progress(shown: number, total: number): string {
  return shown >= total ? `You've seen all ${total} photos.` : `Showing ${shown} of ${total} photos`;
}

const GALLERY_SCRIPT = `(function () {
  var base = ${JSON.stringify(GALLERY_PATH)};
  var list = document.getElementById('photo-list');
  var more = document.getElementById('load-more');
  var status = document.getElementById('gallery-status');
  var error = document.getElementById('gallery-error');
  function progress(shown, total) {
    return shown >= total ? "You've seen all " + total + ' photos.' : 'Showing ' + shown + ' of ' + total + ' photos';
  }
  function photoItem(p) {
    var item = document.createElement('li');
    var figure = document.createElement('figure');
    figure.className = 'photo';
    figure.tabIndex = -1;
    var picture = document.createElement('div');
    picture.className = 'photo-picture';
    picture.setAttribute('role', 'img');
    picture.setAttribute('aria-label', p.title);
    picture.style.background = p.tint;
    var caption = document.createElement('figcaption');
    var title = document.createElement('strong');
    title.textContent = p.title;
    caption.append(title, ' by ' + p.by);
    figure.append(picture, caption);
    item.append(figure);
    return item;
  }
  more.addEventListener('click', function () {
    more.disabled = true;
    error.textContent = '';
    fetch(base + '/photos?offset=' + list.children.length, { headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.json().then(function (data) {
          if (!res.ok) throw new Error(data.error || 'Something went wrong. Please try again.');
          return data;
        });
      })
      .then(function (data) {
        var items = data.photos.map(photoItem);
        list.append.apply(list, items);
        status.textContent = progress(data.shown, data.total);
        more.disabled = false;
        more.hidden = !data.more;
        if (items.length > 0) items[0].querySelector('figure').focus();
      })
      .catch(function (err) {
        more.disabled = false;
        error.textContent = err.message;
      });
  });
})();
`;

export function photoGallery(app: AppContext): FeatureModule {
  const broken = app.isBroken('photo-gallery');
  const batch = (offset: number): Batch => {
    const photos = PHOTOS.slice(offset, offset + GALLERY_BATCH);
    const shown = offset + photos.length;
    const left = PHOTOS.length - shown;
    // Broken: "is there another full batch?" instead of "is anything left?".
    return { photos, shown, total: PHOTOS.length, more: broken ? left >= GALLERY_BATCH : left > 0 };
  };
  return {
    scripts: { 'photo-gallery': GALLERY_SCRIPT },
    routes: [
      {
        method: 'GET',
        path: GALLERY_PATH,
        handle: (ctx) => {
          const first = batch(0);
          renderPage(app, ctx, {
            title: 'Coast path photos',
            scripts: ['photo-gallery'],
            body: html`<h1>Coast path photos</h1>
              <p>Pictures our members took on the South West Coast Path this summer.</p>
              <ul id="photo-list" class="photos" aria-label="Photos">
                ${first.photos.map(
                  (p) =>
                    html`<li>
                      <figure class="photo" tabindex="-1">
                        <div
                          class="photo-picture"
                          role="img"
                          aria-label="${p.title}"
                          style="background:${p.tint}"
                        ></div>
                        <figcaption><strong>${p.title}</strong> by ${p.by}</figcaption>
                      </figure>
                    </li>`,
                )}
              </ul>
              <p id="gallery-status" role="status">${progress(first.shown, first.total)}</p>
              <p id="gallery-error" role="alert"></p>
              <button type="button" id="load-more" ${first.more ? '' : html`hidden`}>Load more</button>`,
          });
        },
      },
      {
        method: 'GET',
        path: `${GALLERY_PATH}/photos`,
        handle: (ctx) => {
          const offset = Number(ctx.url.searchParams.get('offset') ?? '0');
          if (!Number.isInteger(offset) || offset < 0 || offset > PHOTOS.length) {
            sendJson(ctx.res, 400, { error: 'There are no photos there.' });
            return;
          }
          sendJson(ctx.res, 200, batch(offset));
        },
      },
    ],
  };
}
