// WebSocket chat with history (the `ws` package on the app's own HTTP server). A new connection
// first receives the history, then every message as it is sent. Broken, the server keeps no
// history: messages still appear live, but the log is empty after a reload.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { renderPage } from '../server/layout';

export interface ChatMessage {
  readonly id: number;
  readonly name: string;
  readonly text: string;
  readonly at: string;
}

export type ClientFrame =
  { readonly type: 'join'; readonly name: string } | { readonly type: 'message'; readonly text: string };

const MAX_HISTORY = 200;
const MAX_NAME = 40;
const MAX_TEXT = 500;

/** Parses one frame from a browser; undefined for anything that is not a well-formed frame. */
export function parseClientFrame(raw: string): ClientFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const frame = value as Record<string, unknown>;
  if (frame.type === 'join' && typeof frame.name === 'string') {
    const name = frame.name.trim();
    return name.length > 0 && name.length <= MAX_NAME ? { type: 'join', name } : undefined;
  }
  if (frame.type === 'message' && typeof frame.text === 'string') {
    const text = frame.text.trim();
    return text.length > 0 && text.length <= MAX_TEXT ? { type: 'message', text } : undefined;
  }
  return undefined;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

const CHAT_JS = `(function () {
  var NAME_KEY = 'demo-chat-name';
  var log = document.getElementById('chat-log');
  var list = document.getElementById('chat-messages');
  var empty = document.getElementById('chat-empty');
  var status = document.getElementById('chat-status');
  var joinForm = document.getElementById('join-form');
  var joinButton = joinForm.querySelector('button');
  var nameInput = document.getElementById('chat-name');
  var messageForm = document.getElementById('message-form');
  var messageInput = document.getElementById('chat-message');
  var name = null;
  try { name = sessionStorage.getItem(NAME_KEY); } catch (e) { /* storage disabled */ }
  var socket = null;
  function add(message) {
    var li = document.createElement('li');
    var who = document.createElement('strong');
    who.textContent = message.name;
    li.append(who, ': ' + message.text);
    list.append(li);
    empty.hidden = true;
    log.scrollTop = log.scrollHeight;
  }
  function connect() {
    status.textContent = 'Connecting…';
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + location.host + '/chat/socket');
    socket.addEventListener('open', function () {
      status.textContent = 'Connected';
      if (name) socket.send(JSON.stringify({ type: 'join', name: name }));
      else joinButton.disabled = false;
    });
    socket.addEventListener('message', function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type === 'history') {
        list.textContent = '';
        frame.messages.forEach(add);
        empty.hidden = frame.messages.length > 0;
        log.setAttribute('aria-busy', 'false');
      } else if (frame.type === 'message') {
        add(frame.message);
      } else if (frame.type === 'joined') {
        name = frame.name;
        try { sessionStorage.setItem(NAME_KEY, name); } catch (e) { /* not remembered */ }
        joinForm.hidden = true;
        messageForm.hidden = false;
        status.textContent = 'Connected as ' + name;
      } else if (frame.type === 'error') {
        status.textContent = frame.message;
      }
    });
    socket.addEventListener('close', function () {
      joinButton.disabled = true;
      status.textContent = 'Disconnected. Reconnecting…';
      setTimeout(connect, 1000);
    });
  }
  joinForm.addEventListener('submit', function (event) {
    event.preventDefault();
    socket.send(JSON.stringify({ type: 'join', name: nameInput.value }));
  });
  messageForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = messageInput.value.trim();
    if (!text) return;
    socket.send(JSON.stringify({ type: 'message', text: text }));
    messageInput.value = '';
    messageInput.focus();
  });
  connect();
})();
`;

export function websocketChat(app: AppContext): FeatureModule {
  const history: ChatMessage[] = [];
  let nextId = 1;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const broken = app.isBroken('websocket-chat');

  const send = (ws: WebSocket, frame: unknown): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  };

  wss.on('connection', (ws: WebSocket) => {
    let name: string | undefined;
    send(ws, { type: 'history', messages: history });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const frame = isBinary ? undefined : parseClientFrame(rawText(data));
      if (frame === undefined) {
        send(ws, { type: 'error', message: 'That message could not be sent.' });
        return;
      }
      if (frame.type === 'join') {
        name = frame.name;
        send(ws, { type: 'joined', name });
        return;
      }
      if (name === undefined) {
        send(ws, { type: 'error', message: 'Join the chat before sending messages.' });
        return;
      }
      const message: ChatMessage = { id: nextId++, name, text: frame.text, at: new Date().toISOString() };
      if (!broken) {
        history.push(message);
        history.splice(0, Math.max(0, history.length - MAX_HISTORY));
      }
      for (const client of wss.clients) send(client, { type: 'message', message });
    });
  });

  return {
    scripts: { chat: CHAT_JS },
    webSocket: {
      path: '/chat/socket',
      upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        // Only pages served by this app may open the socket (no cross-site WebSocket hijacking);
        // comparing with Host keeps it working whether the app was opened by IP or by name.
        if (req.headers.origin === undefined || req.headers.origin !== `http://${req.headers.host ?? ''}`) {
          socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      },
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
    routes: [
      {
        method: 'GET',
        path: '/chat',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Chat',
            scripts: ['chat'],
            body: html`<h1>Chat</h1>
              <p id="chat-status" role="status">Connecting…</p>
              <div
                id="chat-log"
                class="chat-log"
                role="log"
                aria-label="Chat history"
                aria-busy="true"
                tabindex="0"
              >
                <p id="chat-empty" hidden>No messages yet.</p>
                <ul id="chat-messages"></ul>
              </div>
              <form id="join-form" class="stack">
                <label for="chat-name">Your name</label>
                <input id="chat-name" name="name" maxlength="40" autocomplete="nickname" required />
                <div><button type="submit" disabled>Join chat</button></div>
              </form>
              <form id="message-form" class="stack" hidden>
                <label for="chat-message">Message</label>
                <input id="chat-message" name="message" maxlength="500" autocomplete="off" required />
                <div><button type="submit">Send</button></div>
              </form>`,
          }),
      },
    ],
  };
}
