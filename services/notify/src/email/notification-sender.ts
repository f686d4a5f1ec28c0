/** One email as the sender gets it. */
export interface OutgoingEmail {
  /** The email outbox row's id: what a log line names instead of the address or the text. */
  id: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends an email. Resolves once the mail server accepted it. Throws `EmailNotAccepted` when the
 * server turned it away, so it was certainly not sent (`retry` when that was for now, a 4xx);
 * any other error leaves it unknown whether it went, and the email is not tried again.
 */
export interface NotificationSender {
  /** How sent emails are marked (`smtp`, `log`). */
  readonly name: string;
  send(email: OutgoingEmail): Promise<void>;
  close?(): Promise<void>;
}

/** The server answered no: the email was not sent. */
export class EmailNotAccepted extends Error {
  readonly retry: boolean;
  constructor(message: string, options: { retry: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'EmailNotAccepted';
    this.retry = options.retry;
  }
}
