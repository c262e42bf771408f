// Held-out page: a to-do list (add tasks, tick them done, a "tasks left" counter, clear the done
// ones), all in the browser. Broken, ticking a task does not mark it done: the counter does not
// move and "Clear completed" removes nothing.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

function taskListScript(broken: boolean): string {
  return `(function () {
  var form = document.getElementById('task-form');
  var input = document.getElementById('new-task');
  var list = document.getElementById('task-list');
  var left = document.getElementById('tasks-left');
  var next = 0;
  function update() {
    var open = list.querySelectorAll('li:not(.done)').length;
    left.textContent = open === 1 ? '1 task left' : open + ' tasks left';
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var title = input.value.trim();
    if (title === '') return;
    var item = document.createElement('li');
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.id = 'task-' + next++;
    var label = document.createElement('label');
    label.htmlFor = box.id;
    label.textContent = title;
    box.addEventListener('change', function () {
      ${broken ? '' : "item.classList.toggle('done', box.checked);"}
      update();
    });
    item.append(box, ' ', label);
    list.append(item);
    input.value = '';
    update();
  });
  document.getElementById('clear-completed').addEventListener('click', function () {
    list.querySelectorAll('li.done').forEach(function (item) { item.remove(); });
    update();
  });
})();
`;
}

export function taskList(app: AppContext): FeatureModule {
  return {
    scripts: { 'task-list': taskListScript(app.isBroken('task-list')) },
    routes: [
      {
        method: 'GET',
        path: '/tasks',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Tasks',
            scripts: ['task-list'],
            body: html`<h1>My tasks</h1>
              <form id="task-form" class="stack">
                <label for="new-task">New task</label>
                <input id="new-task" name="title" autocomplete="off" placeholder="What needs doing?" />
                <div><button type="submit">Add task</button></div>
              </form>
              <ul id="task-list" aria-label="Task list"></ul>
              <p id="tasks-left" role="status">0 tasks left</p>
              <button type="button" id="clear-completed">Clear completed</button>`,
          }),
      },
    ],
  };
}
