/** The email of a notification: its title as the subject, its text and the link in the shop. */
export function emailOf(notice: { title: string; body: string; link: string | null }, publicBaseUrl: string): { subject: string; body: string } {
  const link = notice.link ? `\n\n${publicBaseUrl}${notice.link}` : '';
  return { subject: notice.title, body: `${notice.body}${link}\n\nYou can choose what we email you in your notification settings.\n` };
}
