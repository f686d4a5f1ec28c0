import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  to: string[];
  message: string;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedEmail[];
  /** Turns recipients away with this code (4xx for now, 5xx for good) until set back to undefined. */
  rejectWith: number | undefined;
  close(): Promise<void>;
}

/** A mail server on loopback that keeps what it is sent, for the SMTP sender's suite. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = { url: '', received: [], rejectWith: undefined, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (_address, _session, callback) => {
      if (state.rejectWith === undefined) return callback();
      const error = Object.assign(new Error(state.rejectWith < 500 ? 'Try again later' : 'No such mailbox'), { responseCode: state.rejectWith });
      callback(error);
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        state.received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), message: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
