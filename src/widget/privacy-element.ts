/**
 * <alcove-privacy>: tells the shopper in plain words what Alcove keeps about them in this
 * browser (how it works sits behind a disclosure), and lets them take it ("Download my data":
 * a JSON file with product names and dates, see docs/merchant.md) or delete it ("Forget me",
 * which asks once, in the element, and then says what it deleted).
 */
import { readableExport } from '../client/readable-export';
import { AlcoveElement } from './base-element';
import { forgetShopper, on } from './shared-engine';
import { t } from './strings';

export const EXPORT_FILE = 'alcove-my-data.json';

export class AlcovePrivacyElement extends AlcoveElement {
  private heading!: HTMLHeadingElement;
  private events!: HTMLParagraphElement;
  private detailsLabel!: HTMLElement;
  private body!: HTMLParagraphElement;
  private catalog!: HTMLParagraphElement;
  private where!: HTMLParagraphElement;
  private download!: HTMLButtonElement;
  private forget!: HTMLButtonElement;
  private confirm!: HTMLDivElement;
  private question!: HTMLParagraphElement;
  private yes!: HTMLButtonElement;
  private no!: HTMLButtonElement;
  private status!: HTMLParagraphElement;
  private counts = { events: 0, items: 0, backend: '' };

  protected build(): void {
    const section = document.createElement('section');
    section.className = 'privacy';
    section.setAttribute('part', 'section');
    this.heading = document.createElement('h2');
    this.heading.id = 'title';
    this.heading.setAttribute('part', 'title');
    section.setAttribute('aria-labelledby', 'title');
    this.events = document.createElement('p');
    this.events.className = 'events';
    const details = document.createElement('details');
    details.setAttribute('part', 'details');
    this.detailsLabel = document.createElement('summary');
    this.body = document.createElement('p');
    this.catalog = document.createElement('p');
    this.catalog.className = 'catalog';
    this.where = document.createElement('p');
    this.where.className = 'where';
    details.append(this.detailsLabel, this.body, this.catalog, this.where);
    const actions = document.createElement('div');
    actions.className = 'actions';
    this.download = this.button('button download');
    this.forget = this.button('button forget', 'quiet');
    this.forget.setAttribute('aria-controls', 'confirm');
    this.forget.setAttribute('aria-expanded', 'false');
    this.download.disabled = this.forget.disabled = true;
    actions.append(this.download, this.forget);
    this.confirm = document.createElement('div');
    this.confirm.id = 'confirm';
    this.confirm.className = 'confirm';
    this.confirm.setAttribute('role', 'group');
    this.confirm.setAttribute('aria-labelledby', 'question');
    this.confirm.hidden = true;
    this.question = document.createElement('p');
    this.question.id = 'question';
    this.yes = this.button('button confirm-forget', 'danger');
    this.no = this.button('button cancel-forget', 'quiet');
    const answers = document.createElement('div');
    answers.className = 'actions';
    answers.append(this.yes, this.no);
    this.confirm.append(this.question, answers);
    this.status = document.createElement('p');
    this.status.className = 'status';
    this.status.setAttribute('role', 'status');
    section.append(this.heading, this.events, actions, this.confirm, this.status, details);
    this.root.append(section);

    this.download.addEventListener('click', () => void this.exportData());
    this.forget.addEventListener('click', () => this.ask(true));
    this.no.addEventListener('click', () => {
      this.ask(false);
      this.forget.focus();
    });
    this.yes.addEventListener('click', () => void this.forgetMe());
  }

  private button(part: string, className = ''): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.setAttribute('part', part);
    return b;
  }

  protected override subscriptions(): (() => void)[] {
    return [on('history', () => this.client && this.refresh())];
  }

  protected renderText(): void {
    this.heading.textContent = t('privacyTitle');
    this.detailsLabel.textContent = t('privacyDetails');
    this.body.textContent = t('privacyBody');
    this.download.textContent = t('download');
    this.forget.textContent = t('forget');
    this.yes.textContent = t('forgetConfirm');
    this.no.textContent = t('forgetCancel');
    this.renderCounts();
  }

  private count(n: number): string {
    return new Intl.NumberFormat(this.config.locale ?? (document.documentElement.lang || undefined)).format(n);
  }

  private renderCounts(): void {
    const ready = this.client !== null;
    this.events.textContent = ready ? t('privacyEvents', { count: this.count(this.counts.events) }) : '';
    this.catalog.textContent = ready ? t('privacyCatalog', { count: this.count(this.counts.items) }) : '';
    this.where.textContent = ready ? t(this.counts.backend === 'webgpu' ? 'privacyOnGpu' : 'privacyOnCpu') : '';
    if (!this.confirm.hidden) this.question.textContent = t('forgetQuestion', { count: this.count(this.counts.events) });
  }

  protected showStatus(text: string, isError = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
  }

  protected refresh(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    if (!this.client) return;
    this.download.disabled = this.forget.disabled = false;
    const s = await this.client.status();
    this.counts = { events: s.events, items: s.catalog?.items ?? 0, backend: s.backend.name };
    this.renderCounts();
  }

  private ask(open: boolean): void {
    this.confirm.hidden = !open;
    this.forget.setAttribute('aria-expanded', String(open));
    if (!open) return;
    this.showStatus('');
    this.renderCounts();
    this.yes.focus();
  }

  private async exportData(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const data = await readableExport(await client.exportData(), async (id) => (await client.item(id))?.title, this.config.locale ? { locale: this.config.locale } : {});
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    a.download = EXPORT_FILE;
    a.hidden = true;
    this.root.append(a);
    a.click();
    a.remove();
    // Revoking at once can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    this.showStatus(t('downloaded', { file: EXPORT_FILE }));
  }

  private async forgetMe(): Promise<void> {
    if (!this.client) return;
    const events = (await this.client.status()).events;
    await forgetShopper();
    this.ask(false);
    this.forget.focus();
    this.showStatus(t('forgotten', { count: this.count(events) }));
  }
}
