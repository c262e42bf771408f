// A small local web app the runner tests run specs and explorations against.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

const HOME = `<!doctype html>
<html><head><title>Test Shop</title></head>
<body>
  <header><nav aria-label="Main"><a href="/">Home</a> <a href="/about">About us</a></nav></header>
  <main>
    <h1>Welcome to the shop</h1>
    <p id="status" role="status">Please sign in.</p>
    <form aria-label="Sign in" onsubmit="event.preventDefault(); document.getElementById('status').textContent = 'Signed in as ' + document.getElementById('email').value;">
      <label for="email">Email</label><input id="email" type="email" required>
      <label>Password <input type="password" name="password"></label>
      <label><input type="checkbox" id="remember"> Remember me</label>
      <select aria-label="Country"><option>France</option><option>Chile</option></select>
      <input placeholder="Search products">
      <button type="submit">Log in</button>
    </form>
    <button data-testid="alert-btn" onclick="alert('Hello there')">Say hello</button>
    <button onclick="const f = document.createElement('iframe'); f.src = '/frame'; document.body.appendChild(f);">Open frame</button>
    <button onclick="const d = document.createElement('div'); d.setAttribute('role','dialog'); d.setAttribute('aria-label','Cart'); d.innerHTML = '<p>Your cart is empty</p><button>Close</button>'; document.body.appendChild(d);">Open cart</button>
    <label for="doc">Document</label><input id="doc" type="file">
    <ul><li>First item</li><li>Second item</li></ul>
    <table aria-label="Trails">
      <thead><tr><th>Trail</th><th>Length</th></tr></thead>
      <tbody><tr><th scope="row">Brook Walk</th><td>2 km</td></tr><tr><th>Summit Trail</th><td>9 km</td></tr></tbody>
    </table>
    <button>Buy</button><button>Buy</button>
  </main>
</body></html>`;

export interface TestSite {
  url: string;
  origin: string;
  /** Requests the site received (path), to check what the browser really fetched. */
  hits: string[];
  close(): Promise<void>;
}

export async function startTestSite(): Promise<TestSite> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits.push(path);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (path === '/' || path.startsWith('/?')) res.end(HOME);
    else if (path === '/about')
      res.end('<!doctype html><title>About</title><h1>About us</h1><p>We sell things.</p>');
    else if (path === '/noisy')
      res.end(
        '<!doctype html><title>Noisy</title><h1>Noisy page</h1><img src="/missing.png" alt="gone"><script>console.error(\'boom from page\'); setTimeout(() => { throw new Error(\'uncaught in page\'); });</script>',
      );
    else if (path === '/cached') {
      // Cacheable for an hour: a browser that keeps its HTTP cache would not ask again.
      res.setHeader('cache-control', 'public, max-age=3600');
      res.end(`<!doctype html><title>Cached</title><p>Served ${hits.length}</p>`);
    } else if (path === '/frame') res.end('<!doctype html><title>Frame</title><p>Inside the frame</p>');
    else if (path === '/external')
      res.end(
        '<!doctype html><title>External</title><h1>External assets</h1><img src="http://blocked.invalid/pixel.png" alt="pixel"><script src="http://cdn.invalid/lib.js"></script>',
      );
    else if (path === '/slow-save')
      res.end(`<!doctype html><title>Slow save</title><h1>Settings</h1>
<p id="fetched"></p><p id="sent"></p>
<button onclick="fetch('/api/slow').then((r) => r.text()).then((t) => { document.getElementById('fetched').textContent = 'Saved: ' + t; })">Save</button>
<button onclick="const x = new XMLHttpRequest(); x.open('POST', '/api/slow'); x.onload = () => { document.getElementById('sent').textContent = 'Uploaded: ' + x.responseText; }; x.send('data');">Upload</button>`);
    else if (path === '/confirm')
      res.end(`<!doctype html><title>Confirm</title><h1>Projects</h1>
<button onclick="document.getElementById('ask').showModal()">Delete Bothy map</button>
<button disabled>Archive all</button>
<fieldset disabled><legend>Channels</legend><label><input type="checkbox" checked> Email</label></fieldset>
<dialog id="ask" aria-labelledby="ask-title"><h2 id="ask-title">Delete Bothy map?</h2>
<button disabled>Delete this project</button><button onclick="document.getElementById('ask').close()">Cancel</button></dialog>`);
    else if (path === '/comments')
      // A "Delete" on every comment, and two comments that say the same: only the item's text tells
      // the first two apart, nothing the last two.
      res.end(`<!doctype html><title>Comments</title><h1>Comments</h1><ul>
<li><p>Alpha one</p><p>by Robin</p><button>Delete</button></li>
<li><p>Beta two</p><p>by Robin</p><button>Delete</button></li>
<li><p>Same words</p><button>Delete</button></li>
<li><p>Same words</p><button>Delete</button></li></ul>`);
    else if (path === '/api/slow') {
      // Answers after the DOM has long been quiet: only a snapshot that waits for the answer shows it.
      res.setHeader('content-type', 'text/plain');
      setTimeout(() => res.end('server says ok'), 700);
    } else if (path === '/api/health') {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    } else {
      res.statusCode = 404;
      res.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
