import nodemailer from 'nodemailer';
import type { NotificationSender } from './notification-sender.ts';
import { EmailNotAccepted } from './notification-sender.ts';

interface SmtpFailure {
  code?: string;
  command?: string;
  responseCode?: number;
}

/**
 * Sends over SMTP (nodemailer, a pooled connection) from `from`. An error is classed by what the
 * server said: an answer of 4xx or 5xx, or no connection at all, means the email was not accepted
 * (4xx and no connection may be tried again); a connection lost mid-message leaves it unknown.
 *
 * @example
 *   const sender = smtpSender('smtp://user:pass@mail.example:587', 'Pustaka <shop@example.com>');
 */
export function smtpSender(url: string, from: string): NotificationSender {
  const transport = nodemailer.createTransport(url, { from });
  return {
    name: 'smtp',
    send: async (email) => {
      try {
        await transport.sendMail({ to: email.to, subject: email.subject, text: email.text });
      } catch (error) {
        throw classify(error);
      }
    },
    close: async () => {
      transport.close();
    },
  };
}

function classify(error: unknown): unknown {
  const failure = (error ?? {}) as SmtpFailure;
  // The message names the server's answer, never the credentials of the URL.
  const message = error instanceof Error ? error.message : String(error);
  if (typeof failure.responseCode === 'number' && failure.responseCode >= 400) {
    return new EmailNotAccepted(message, { retry: failure.responseCode < 500, cause: error });
  }
  if (failure.command === 'CONN' || failure.code === 'EDNS' || failure.code === 'EAUTH') return new EmailNotAccepted(message, { retry: true, cause: error });
  return error;
}
