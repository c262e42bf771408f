// Held-out page: the reviews of one product (a tent) with their average, and a form to write one: your
// name, a star rating (five radio buttons drawn as stars, named "1 star" to "5 stars"), the review text
// (200 characters at most, with a live "N characters left" counter) and "Post review". All in the
// browser: a posted review goes to the top of the list, the average and the count follow, and a thank-you
// names the rating ("Your 5-star review has been posted."); a missing name, rating or text shows an
// error instead. Broken, the rating is taken as the chosen star's position counted from zero: every
// review is posted one star lower than chosen (5 stars become 4), in the thank-you, the list and the
// average.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

/** Newest first. Their average is 15 / 4 = 3.75, shown as 3.8. */
export const REVIEWS = [
  { name: 'Ola', rating: 2, text: 'The poles bent in the first strong wind. Fine for sheltered sites only.' },
  { name: 'Dev', rating: 4, text: 'Roomy for two and quick to pitch, but a little heavy for long hikes.' },
  { name: 'Marta', rating: 5, text: 'Kept us dry through a whole night of rain.' },
  { name: 'Sam', rating: 4, text: 'Good value. The zip snagged a couple of times.' },
] as const;

export const REVIEW_MAX_LENGTH = 200;

const RATING_WORDS = ['Poor', 'Fair', 'Good', 'Very good', 'Excellent'] as const;

function stars(rating: number): string {
  return '★'.repeat(rating) + '☆'.repeat(5 - rating);
}

function average(ratings: readonly number[]): string {
  const mean = ratings.reduce((a, b) => a + b, 0) / ratings.length;
  return `${mean.toFixed(1)} out of 5 stars (${ratings.length} reviews)`;
}

function reviewScript(broken: boolean): string {
  return `(function () {
  var ratings = ${JSON.stringify(REVIEWS.map((r) => r.rating))};
  var words = ${JSON.stringify(RATING_WORDS)};
  var max = ${REVIEW_MAX_LENGTH};
  var form = document.getElementById('review-form');
  var name = document.getElementById('review-name');
  var text = document.getElementById('review-text');
  var counter = document.getElementById('review-count');
  var chosenWords = document.getElementById('rating-words');
  var list = document.getElementById('review-list');
  var summary = document.getElementById('review-average');
  var error = document.getElementById('review-error');
  var thanks = document.getElementById('review-thanks');
  var stars = Array.prototype.slice.call(form.querySelectorAll('input[name="rating"]'));
  function drawStars(n) { return '★★★★★'.slice(0, n) + '☆☆☆☆☆'.slice(0, 5 - n); }
  function count() {
    var left = max - text.value.length;
    counter.textContent = left === 1 ? '1 character left' : left + ' characters left';
  }
  function showChosen() {
    var chosen = form.querySelector('input[name="rating"]:checked');
    var value = chosen === null ? 0 : Number(chosen.value);
    stars.forEach(function (star) {
      star.parentElement.classList.toggle('on', Number(star.value) <= value);
    });
    chosenWords.textContent = value === 0 ? '' : words[value - 1];
  }
  text.addEventListener('input', count);
  stars.forEach(function (star) { star.addEventListener('change', showChosen); });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var chosen = form.querySelector('input[name="rating"]:checked');
    var who = name.value.trim();
    var said = text.value.trim();
    var problem = who === '' ? 'Please enter your name.'
      : chosen === null ? 'Please choose a star rating.'
      : said === '' ? 'Please write a few words about the product.'
      : '';
    if (problem !== '') {
      thanks.textContent = '';
      error.textContent = problem;
      return;
    }
    var rating = ${broken ? 'stars.indexOf(chosen)' : 'Number(chosen.value)'};
    ratings.push(rating);
    var item = document.createElement('li');
    var article = document.createElement('article');
    var score = document.createElement('p');
    score.className = 'review-stars';
    var drawn = document.createElement('span');
    drawn.setAttribute('aria-hidden', 'true');
    drawn.textContent = drawStars(rating);
    score.append(drawn, ' ' + rating + ' out of 5 stars');
    var body = document.createElement('p');
    body.textContent = said;
    var by = document.createElement('p');
    by.className = 'hint';
    by.textContent = '— ' + who;
    article.append(score, body, by);
    item.append(article);
    list.prepend(item);
    var mean = ratings.reduce(function (a, b) { return a + b; }, 0) / ratings.length;
    summary.textContent = mean.toFixed(1) + ' out of 5 stars (' + ratings.length + ' reviews)';
    error.textContent = '';
    thanks.textContent = 'Thanks, ' + who + '! Your ' + rating + '-star review has been posted.';
    form.reset();
    count();
    showChosen();
  });
  count();
})();
`;
}

export function productReview(app: AppContext): FeatureModule {
  return {
    scripts: { 'product-review': reviewScript(app.isBroken('product-review')) },
    routes: [
      {
        method: 'GET',
        path: '/reviews',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Ridgeline 2 tent reviews',
            scripts: ['product-review'],
            body: html`<h1>Ridgeline 2 tent: reviews</h1>
              <p>A two-person backpacking tent, 2.1 kg packed. <span class="price">$249.00</span></p>
              <p id="review-average" aria-live="polite">${average(REVIEWS.map((r) => r.rating))}</p>
              <ol id="review-list" class="reviews" aria-label="Reviews">
                ${REVIEWS.map(
                  (r) =>
                    html`<li>
                      <article>
                        <p class="review-stars">
                          <span aria-hidden="true">${stars(r.rating)}</span> ${r.rating} out of 5 stars
                        </p>
                        <p>${r.text}</p>
                        <p class="hint">— ${r.name}</p>
                      </article>
                    </li>`,
                )}
              </ol>
              <h2>Write a review</h2>
              <form id="review-form" class="stack" novalidate>
                <label for="review-name">Your name</label>
                <input id="review-name" name="name" autocomplete="given-name" />
                <fieldset class="star-rating">
                  <legend>Your rating</legend>
                  ${RATING_WORDS.map(
                    (_, i) =>
                      html`<label class="star"
                        ><input type="radio" name="rating" value="${i + 1}" /><span aria-hidden="true">★</span
                        ><span class="visually-hidden">${i + 1} ${i === 0 ? 'star' : 'stars'}</span></label
                      >`,
                  )}
                  <span id="rating-words" class="hint"></span>
                </fieldset>
                <label for="review-text">Your review</label>
                <textarea
                  id="review-text"
                  name="text"
                  rows="4"
                  maxlength="${REVIEW_MAX_LENGTH}"
                  aria-describedby="review-count"
                ></textarea>
                <p id="review-count" class="hint" aria-live="polite">${REVIEW_MAX_LENGTH} characters left</p>
                <div><button type="submit">Post review</button></div>
              </form>
              <p id="review-error" role="alert"></p>
              <p id="review-thanks" role="status"></p>`,
          }),
      },
    ],
  };
}
