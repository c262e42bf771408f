// Held-out page: a three-question outdoor safety quiz, one group of radio buttons per question.
// "Check my answers" marks each question ("Correct" or "Not quite: the answer is …") and gives the
// score ("You scored 2 out of 3"); an unanswered question shows an alert instead, and "Try again"
// clears the answers. All in the browser. Broken, the marks are right but the score is counted by a
// loop that starts at the second question: the first question never counts, so three right answers
// score "You scored 2 out of 3" (and a right first answer with two wrong ones scores 0).
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

export const QUIZ_QUESTIONS = [
  {
    id: 'knot',
    question: 'Which knot lets you tighten a guyline after the tent is pitched?',
    options: ['Reef knot', 'Taut-line hitch', 'Granny knot'],
    answer: 'Taut-line hitch',
  },
  {
    id: 'water',
    question: 'How much water should one person carry for a day hike in summer?',
    options: ['Half a litre', 'One litre', 'Three litres'],
    answer: 'Three litres',
  },
  {
    id: 'lost',
    question: "You are lost and it's getting dark. What should you do?",
    options: [
      'Keep walking until you find a path',
      'Stay where you are and call for help',
      'Split up to search',
    ],
    answer: 'Stay where you are and call for help',
  },
] as const;

function quizScript(broken: boolean): string {
  return `(function () {
  var questions = ${JSON.stringify(QUIZ_QUESTIONS)};
  var form = document.getElementById('quiz-form');
  var error = document.getElementById('quiz-error');
  var score = document.getElementById('quiz-score');
  var again = document.getElementById('quiz-again');
  function chosen(q) {
    var input = form.querySelector('input[name="' + q.id + '"]:checked');
    return input === null ? null : input.value;
  }
  function clearMarks() {
    questions.forEach(function (q) { document.getElementById('mark-' + q.id).textContent = ''; });
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var answers = questions.map(chosen);
    var missing = answers.indexOf(null);
    if (missing >= 0) {
      clearMarks();
      score.textContent = '';
      error.textContent = 'Please answer question ' + (missing + 1) + ' before checking your answers.';
      return;
    }
    error.textContent = '';
    questions.forEach(function (q, i) {
      document.getElementById('mark-' + q.id).textContent =
        answers[i] === q.answer ? 'Correct' : 'Not quite: the answer is ' + q.answer + '.';
    });
    var right = 0;
    for (var i = ${broken ? '1' : '0'}; i < questions.length; i++) {
      if (answers[i] === questions[i].answer) right++;
    }
    score.textContent = 'You scored ' + right + ' out of ' + questions.length +
      (right === questions.length ? '. Well done!' : '.');
    again.hidden = false;
  });
  again.addEventListener('click', function () {
    form.reset();
    clearMarks();
    score.textContent = '';
    error.textContent = '';
    again.hidden = true;
  });
})();
`;
}

export function safetyQuiz(app: AppContext): FeatureModule {
  return {
    scripts: { 'safety-quiz': quizScript(app.isBroken('safety-quiz')) },
    routes: [
      {
        method: 'GET',
        path: '/quiz',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Outdoor safety quiz',
            scripts: ['safety-quiz'],
            body: html`<h1>Outdoor safety quiz</h1>
              <p>Three quick questions before your first trip. Choose one answer for each.</p>
              <form id="quiz-form" class="stack" novalidate>
                ${QUIZ_QUESTIONS.map(
                  (q, i) =>
                    html`<fieldset aria-describedby="mark-${q.id}">
                      <legend>${i + 1}. ${q.question}</legend>
                      ${q.options.map(
                        (option, j) =>
                          html`<div>
                            <input type="radio" id="${q.id}-${j}" name="${q.id}" value="${option}" />
                            <label for="${q.id}-${j}">${option}</label>
                          </div>`,
                      )}
                      <p id="mark-${q.id}" class="quiz-mark"></p>
                    </fieldset>`,
                )}
                <div><button type="submit">Check my answers</button></div>
              </form>
              <p id="quiz-error" role="alert"></p>
              <p id="quiz-score" role="status"></p>
              <button type="button" id="quiz-again" class="secondary" hidden>Try again</button>`,
          }),
      },
    ],
  };
}
