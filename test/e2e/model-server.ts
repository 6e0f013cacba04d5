/**
 * A stand-in model server for the end-to-end tests and the tunnel bench.
 * Listens on 127.0.0.1 only, like a real one behind a tunnel:
 *   GET /health     200 "ok"
 *   GET /bytes/N    200, N bytes (the bench's 10 MB response)
 *   anything else   200 "model:<path>" (proof the answer came from here)
 * Usage: node model-server.js PORT   (prints "listening" once it is)
 */
import * as http from 'node:http';

export function serve(port: number, host = '127.0.0.1'): http.Server {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-served-by': 'model' });
      res.end('ok');
      return;
    }
    const m = /^\/bytes\/(\d+)$/.exec(url);
    if (m) {
      let left = Number(m[1]);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(left) });
      const pump = (): void => {
        while (left > 0) {
          const n = Math.min(left, chunk.length);
          left -= n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'x-served-by': 'model' });
    res.end(`model:${url}`);
  });
  server.listen(port, host);
  return server;
}

if (require.main === module) {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port)) throw new Error('usage: model-server.js PORT');
  serve(port).on('listening', () => process.stdout.write('listening\n'));
}
