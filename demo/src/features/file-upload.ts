// Multi-file upload with per-file progress. Each chosen file is sent in its own multipart request
// (XMLHttpRequest, so the page can show upload progress per file); the server streams the body
// through the multipart parser and records only name, type and measured size. Broken, the page
// sends only the first chosen file: the others stay at 0% and are never listed.
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { HttpError, consumeBody, sendJson } from '../server/http';
import { renderPage } from '../server/layout';
import { MultipartError, MultipartParser, multipartBoundary } from '../server/multipart';
import type { RequestContext } from '../server/router';
import { VisitorScoped } from '../server/visitors';

export interface UploadedFile {
  readonly name: string;
  readonly size: number;
  readonly type: string;
}

const MAX_REQUEST_BYTES = 50 * 1024 * 1024;
const MAX_FILES_PER_REQUEST = 20;
const MAX_FIELD_BYTES = 1024;
const MAX_LISTED = 100;

export function formatSize(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  if (bytes < 1024) return bytes === 1 ? '1 byte' : exact;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toFixed(1)} ${unit} (${exact})`;
}

/** Streams a multipart body, counting each file's bytes; nothing of the content is kept. */
export async function receiveFiles(ctx: RequestContext): Promise<UploadedFile[]> {
  const boundary = multipartBoundary(ctx.req.headers['content-type']);
  if (boundary === undefined) throw new HttpError(415, 'expected multipart/form-data with a boundary');
  if (Number(ctx.req.headers['content-length'] ?? '0') > MAX_REQUEST_BYTES) {
    throw new HttpError(413, `uploads are limited to ${formatSize(MAX_REQUEST_BYTES)} per request`);
  }
  const files: UploadedFile[] = [];
  let current: { name: string; type: string; size: number; isFile: boolean } | undefined;
  let total = 0;
  const parser = new MultipartParser(boundary, {
    onPartStart: (part) => {
      const isFile = part.filename !== undefined;
      if (isFile && files.length >= MAX_FILES_PER_REQUEST) {
        throw new HttpError(413, `at most ${MAX_FILES_PER_REQUEST} files per request`);
      }
      current = { name: (part.filename ?? part.name).slice(0, 255), type: part.contentType, size: 0, isFile };
    },
    onPartData: (chunk) => {
      if (current === undefined) return;
      current.size += chunk.length;
      if (!current.isFile && current.size > MAX_FIELD_BYTES) throw new HttpError(413, 'form field too large');
    },
    onPartEnd: () => {
      if (current?.isFile === true && current.name !== '') {
        files.push({ name: current.name, size: current.size, type: current.type });
      }
      current = undefined;
    },
  });
  try {
    await consumeBody(ctx.req, (chunk) => {
      total += chunk.length;
      if (total > MAX_REQUEST_BYTES)
        throw new HttpError(413, `uploads are limited to ${formatSize(MAX_REQUEST_BYTES)} per request`);
      parser.write(chunk);
    });
    parser.end();
  } catch (err: unknown) {
    if (err instanceof MultipartError) throw new HttpError(400, err.message);
    throw err;
  }
  return files;
}

function uploadScript(broken: boolean): string {
  return `(function () {
  var form = document.getElementById('upload-form');
  var input = document.getElementById('files');
  var progressList = document.getElementById('upload-progress');
  var uploaded = document.getElementById('uploaded-files');
  var empty = document.getElementById('no-uploads');
  var message = document.getElementById('upload-message');
  function row(file) {
    var li = document.createElement('li');
    var name = document.createElement('span');
    name.textContent = file.name + ' ';
    var bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute('aria-label', file.name + ' upload progress');
    var pct = document.createElement('span');
    pct.textContent = ' 0% ';
    var state = document.createElement('span');
    state.textContent = 'Waiting';
    li.append(name, bar, pct, state);
    progressList.append(li);
    return {
      set: function (percent, text) {
        bar.value = percent;
        pct.textContent = ' ' + percent + '% ';
        if (text) state.textContent = text;
      }
    };
  }
  function listUploaded(file) {
    var li = document.createElement('li');
    li.textContent = file.name + ' · ' + file.sizeText;
    // Files upload in parallel: list them by name, not by which upload finished first.
    var after = Array.prototype.find.call(uploaded.children, function (other) {
      return other.textContent > li.textContent;
    });
    uploaded.insertBefore(li, after || null);
    empty.hidden = true;
  }
  function upload(file, progress, done) {
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', function (event) {
      if (event.lengthComputable) progress.set(Math.min(99, Math.round((event.loaded / event.total) * 100)), 'Uploading');
    });
    xhr.addEventListener('load', function () {
      if (xhr.status >= 200 && xhr.status < 300 && xhr.response) {
        progress.set(100, 'Uploaded');
        xhr.response.files.forEach(listUploaded);
        done(true);
      } else {
        progress.set(0, 'Failed: ' + ((xhr.response && xhr.response.error) || 'HTTP ' + xhr.status));
        done(false);
      }
    });
    xhr.addEventListener('error', function () {
      progress.set(0, 'Failed: network error');
      done(false);
    });
    var data = new FormData();
    data.append('files', file, file.name);
    xhr.send(data);
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    if (files.length === 0) {
      message.textContent = 'Choose at least one file.';
      return;
    }
    message.textContent = 'Uploading ' + files.length + (files.length === 1 ? ' file' : ' files') + '…';
    progressList.textContent = '';
    var rows = files.map(row);
    var toSend = ${broken ? 'files.slice(0, 1)' : 'files'};
    var finished = 0;
    var succeeded = 0;
    toSend.forEach(function (file, i) {
      upload(file, rows[i], function (ok) {
        finished += 1;
        if (ok) succeeded += 1;
        if (finished < toSend.length) return;
        var failed = finished - succeeded;
        message.textContent = 'Upload complete: ' + succeeded + (succeeded === 1 ? ' file' : ' files') + ' uploaded' +
          (failed > 0 ? ', ' + failed + ' failed.' : '.');
      });
    });
  });
})();
`;
}

export function fileUpload(app: AppContext): FeatureModule {
  const uploads = new VisitorScoped<UploadedFile[]>(() => []);
  return {
    scripts: { upload: uploadScript(app.isBroken('file-upload')) },
    routes: [
      {
        method: 'GET',
        path: '/upload',
        handle: (ctx) => {
          const files = uploads.peek(ctx.visitorId) ?? [];
          renderPage(app, ctx, {
            title: 'Upload files',
            scripts: ['upload'],
            body: html`<h1>Upload files</h1>
              <form
                id="upload-form"
                class="stack"
                method="post"
                action="/api/uploads"
                enctype="multipart/form-data"
              >
                <label for="files">Choose files</label>
                <input id="files" name="files" type="file" multiple />
                <div><button type="submit">Upload</button></div>
              </form>
              <p id="upload-message" role="status"></p>
              <h2 id="progress-heading">Progress</h2>
              <ul id="upload-progress" aria-labelledby="progress-heading"></ul>
              <h2 id="uploaded-heading">Uploaded files</h2>
              <p id="no-uploads" ${files.length > 0 ? html` hidden` : ''}>No files uploaded yet.</p>
              <ul id="uploaded-files" aria-labelledby="uploaded-heading">
                ${[...files]
                  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
                  .map((f) => html`<li>${f.name} · ${formatSize(f.size)}</li>`)}
              </ul>`,
          });
        },
      },
      {
        method: 'POST',
        path: '/api/uploads',
        handle: async (ctx) => {
          let files: UploadedFile[];
          try {
            files = await receiveFiles(ctx);
          } catch (err: unknown) {
            if (!(err instanceof HttpError)) throw err;
            // The rest of a rejected body may still be arriving: do not keep the connection.
            ctx.res.setHeader('connection', 'close');
            sendJson(ctx.res, err.status, { error: err.message });
            return;
          }
          if (files.length === 0) {
            sendJson(ctx.res, 400, { error: 'no files in the upload' });
            return;
          }
          const list = uploads.get(ctx.visitorId);
          list.push(...files);
          list.splice(0, Math.max(0, list.length - MAX_LISTED));
          sendJson(ctx.res, 201, { files: files.map((f) => ({ ...f, sizeText: formatSize(f.size) })) });
        },
      },
    ],
  };
}
