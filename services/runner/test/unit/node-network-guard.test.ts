// The worker's Node-side network guard, installed in this test process (it patches net, dgram and dns
// for good, so it has a file of its own): TCP, UDP and name lookups reach only allowed destinations.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { installNodeNetworkGuard } from '../../src/worker/node-network-guard';

describe('node network guard', () => {
  let udp: dgram.Socket;
  let udpPort = 0;
  const received: string[] = [];
  // A TCP server on an address the run may not reach, on a port it may reach by name.
  let outside: net.Server;
  let outsidePort = 0;
  let outsideConnections = 0;
  before(async () => {
    outside = net.createServer((socket) => {
      outsideConnections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => outside.listen(0, '127.0.0.2', resolve));
    outsidePort = (outside.address() as net.AddressInfo).port;
    udp = dgram.createSocket('udp4');
    udp.on('message', (m) => received.push(m.toString()));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    udpPort = udp.address().port;
    installNodeNetworkGuard(
      (d) =>
        (d.host === '127.0.0.1' && d.port === udpPort) || (d.host === 'localhost' && d.port === outsidePort),
      (host) => host === 'localhost',
    );
  });
  after(() => {
    udp.close();
    outside.close();
  });

  it('refuses datagrams to other destinations and lets allowed ones through', async () => {
    const s = dgram.createSocket('udp4');
    try {
      assert.throws(() => s.send('out', udpPort, '127.0.0.2'), /udp 127.0.0.2:\d+: blocked/);
      assert.throws(() => s.send('out', 0, 3, 5353, '127.0.0.1'), /udp 127.0.0.1:5353: blocked/);
      assert.throws(() => s.connect(5353, '10.0.0.1'), /udp 10.0.0.1:5353: blocked/);
      await new Promise<void>((resolve, reject) =>
        s.send('allowed', udpPort, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
      const deadline = Date.now() + 5000;
      while (!received.includes('allowed') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(received, ['allowed']);
    } finally {
      s.close();
    }
  });

  it('refuses name lookups of other hosts, callback and promise forms, and resolver changes', async () => {
    assert.throws(() => dns.lookup('exfil.example.com', () => undefined), /dns exfil.example.com: blocked/);
    assert.throws(() => dns.resolveTxt('exfil.example.com', () => undefined), /blocked/);
    assert.throws(() => new dns.Resolver().resolve4('exfil.example.com', () => undefined), /blocked/);
    await assert.rejects(dns.promises.lookup('exfil.example.com'), /blocked/);
    await assert.rejects(new dns.promises.Resolver().resolveTxt('exfil.example.com'), /blocked/);
    assert.throws(() => dns.setServers(['127.0.0.2']), /blocked/);
    const local = await dns.promises.lookup('localhost');
    assert.ok(local.address);
  });

  it("resolves an allowed name itself: a spec's own lookup cannot point it at another address", async () => {
    const socket = net.connect({
      host: 'localhost',
      port: outsidePort,
      lookup: (_host, _options, callback) => callback(null, '127.0.0.2', 4),
    });
    // localhost resolves to itself, where nothing listens on that port.
    const err = await new Promise<Error>((resolve) => socket.once('error', resolve));
    assert.match(err.message, /ECONNREFUSED/);
    assert.equal(outsideConnections, 0, 'the connection went where the spec pointed it');
  });

  it('still refuses TCP connections to other destinations', async () => {
    const socket = net.connect(80, '127.0.0.2');
    const err = await new Promise<Error>((resolve) => socket.once('error', resolve));
    assert.match(err.message, /127.0.0.2:80: blocked/);
  });
});
