import { formatTimestamp } from '@roundtable/shared/dates';
import type { ServiceAccount } from '@roundtable/shared/integrations';
import {
  CreateWebhookSubscriptionRequestSchema,
  WEBHOOK_CONTENT_SCOPE_LABELS,
  WEBHOOK_CONTENT_SCOPES,
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_EVENT_TYPES,
  type WebhookContentScope,
  type WebhookDelivery,
  type WebhookEventType,
  type WebhookSubscription,
} from '@roundtable/shared/webhooks';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { RadiosField } from '../forms/RadiosField';
import { SelectField } from '../forms/SelectField';
import { TextField } from '../forms/TextField';
import { toSummary } from '../forms/fieldErrors';
import { useFormSubmission } from '../forms/useFormSubmission';
import { PageHeading } from '../layout/PageHeading';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { usePageTitle } from '../layout/usePageTitle';
import { NoAccessPage } from '../pages/NoAccessPage';
import { useMe } from '../session/useSession';
import { useStepUp } from '../step-up/useStepUp';
import { DELIVERY_STATE_TEXT, describeAttempt } from './webhookText';

/**
 * "Webhooks" for administrators: the subscriptions of service accounts to
 * events, creating one (its signing secret shown once), rotating the secret,
 * disabling, enabling, deleting, and each subscription's delivery log with replay.
 */
export function WebhooksPage() {
  const me = useMe();
  return me.isAdmin ? <Webhooks /> : <NoAccessPage />;
}

interface Secret {
  name: string;
  secret: string;
}

function Webhooks() {
  usePageTitle('Webhooks');
  const { withStepUp } = useStepUp();
  const [subscriptions, setSubscriptions] = useState<WebhookSubscription[] | null>(null);
  const [accounts, setAccounts] = useState<ServiceAccount[]>([]);
  const [problem, setProblem] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [secret, setSecret] = useState<Secret | null>(null);
  const [shown, setShown] = useState<WebhookSubscription | null>(null);
  const secretRef = useRef<HTMLDivElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const [list, owners] = await Promise.all([api.webhooks.list(), api.webhooks.serviceAccounts()]);
      setSubscriptions(list.subscriptions);
      setAccounts(owners.serviceAccounts);
      setProblem(undefined);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (secret) secretRef.current?.focus();
  }, [secret]);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  async function act(subscription: WebhookSubscription, action: 'rotate' | 'disable' | 'enable' | 'delete') {
    setProblem(undefined);
    setSecret(null);
    setNotice(undefined);
    try {
      if (action === 'rotate') {
        const rotated = await withStepUp(() => api.webhooks.rotateSecret(subscription.id));
        setSecret({ name: subscription.name, secret: rotated.secret });
      } else if (action === 'delete') {
        await withStepUp(() => api.webhooks.remove(subscription.id));
        if (shown?.id === subscription.id) setShown(null);
        setNotice(`${subscription.name} is deleted. Nothing more will be sent to it.`);
      } else {
        await (action === 'disable' ? api.webhooks.disable(subscription.id) : api.webhooks.enable(subscription.id));
        setNotice(
          action === 'disable'
            ? `${subscription.name} is disabled. Nothing is sent to it until it is enabled, and events meanwhile are not sent later.`
            : `${subscription.name} is enabled.`,
        );
      }
      await load();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  const accountName = (id: string) => accounts.find((a) => a.id === id)?.name ?? 'Unknown service account';

  return (
    <>
      <PageHeading>Webhooks</PageHeading>
      <p className="govuk-body">
        Case systems are told when a meeting is concluded, a decision recorded, an action created or overdue, or a
        record sealed. Each message is signed (Standard Webhooks) with the subscription’s secret. By default a message
        carries ids, the meeting reference and times only; never a child’s name or what anyone wrote.
      </p>
      {problem && (
        <div className="govuk-error-summary" role="alert">
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{problem}</p>
          </div>
        </div>
      )}
      {notice && (
        <div
          className="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          aria-labelledby="webhooks-notice-title"
          tabIndex={-1}
          ref={noticeRef}
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="webhooks-notice-title">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      )}
      {secret && (
        <div
          className="govuk-notification-banner"
          role="region"
          aria-labelledby="webhook-secret-title"
          tabIndex={-1}
          ref={secretRef}
          data-testid="webhook-secret"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="webhook-secret-title">
              Signing secret for {secret.name}
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-body">
              Give this secret to the case system’s administrators by a secure route. It is shown only now: if it is
              lost, rotate it.
            </p>
            <p className="govuk-body">
              <code className="rt-secret">{secret.secret}</code>
            </p>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setSecret(null)}>
              I have copied the secret
            </button>
          </div>
        </div>
      )}

      <h2 className="govuk-heading-m">Subscriptions</h2>
      {subscriptions === null ? (
        <p className="govuk-body" role="status">
          Loading…
        </p>
      ) : subscriptions.length === 0 ? (
        <p className="govuk-body">No subscriptions yet.</p>
      ) : (
        <ScrollableTable label="Webhook subscriptions" stack>
          <table className="govuk-table" data-testid="webhook-subscriptions">
            <TableHead columns={['Name', 'Sent to', 'Events and content', 'Status', 'Actions']} />
            <tbody className="govuk-table__body">
              {subscriptions.map((s) => (
                <tr className="govuk-table__row" key={s.id}>
                  <td className="govuk-table__cell" data-label="Name">
                    {s.name}
                    <br />
                    <span className="govuk-hint">{accountName(s.serviceAccountId)}</span>
                  </td>
                  <td className="govuk-table__cell rt-break-anywhere" data-label="Sent to">
                    {s.url}
                  </td>
                  <td className="govuk-table__cell" data-label="Events and content">
                    {s.eventTypes.join(', ')}
                    <br />
                    <span className="govuk-hint">{s.contentScope === 'ids' ? 'Ids only' : 'Ids and codes'}</span>
                  </td>
                  <td className="govuk-table__cell" data-label="Status">
                    <strong className={`govuk-tag ${s.status === 'active' ? 'govuk-tag--green' : 'govuk-tag--grey'}`}>
                      {s.status === 'active' ? 'Active' : 'Disabled'}
                    </strong>
                  </td>
                  <td className="govuk-table__cell" data-label="Actions">
                    <ul className="govuk-list">
                      <li>
                        <button type="button" className="govuk-link rt-link-button" onClick={() => setShown(s)}>
                          Deliveries<span className="govuk-visually-hidden"> of {s.name}</span>
                        </button>
                      </li>
                      <li>
                        <button
                          type="button"
                          className="govuk-link rt-link-button"
                          onClick={() => void act(s, s.status === 'active' ? 'disable' : 'enable')}
                        >
                          {s.status === 'active' ? 'Disable' : 'Enable'}
                          <span className="govuk-visually-hidden"> {s.name}</span>
                        </button>
                      </li>
                      <li>
                        <button
                          type="button"
                          className="govuk-link rt-link-button"
                          onClick={() => void act(s, 'rotate')}
                        >
                          Rotate secret<span className="govuk-visually-hidden"> of {s.name}</span>
                        </button>
                      </li>
                      <li>
                        <button
                          type="button"
                          className="govuk-link rt-link-button"
                          onClick={() => void act(s, 'delete')}
                        >
                          Delete<span className="govuk-visually-hidden"> {s.name}</span>
                        </button>
                      </li>
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollableTable>
      )}

      {shown && <DeliveryLog key={shown.id} subscription={shown} onProblem={setProblem} />}

      <h2 className="govuk-heading-m">Add a subscription</h2>
      <CreateSubscriptionForm
        accounts={accounts.filter((a) => a.status === 'active' && a.scopes.includes('webhooks:receive'))}
        onCreated={async (name, newSecret) => {
          setNotice(undefined);
          setSecret({ name, secret: newSecret });
          await load();
        }}
      />
    </>
  );
}

const FIELD_ORDER = ['serviceAccountId', 'name', 'url', 'eventTypes', 'contentScope'];

function CreateSubscriptionForm({
  accounts,
  onCreated,
}: {
  accounts: ServiceAccount[];
  onCreated: (name: string, secret: string) => Promise<void>;
}) {
  const { withStepUp } = useStepUp();
  const [serviceAccountId, setServiceAccountId] = useState('');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [eventTypes, setEventTypes] = useState<WebhookEventType[]>([]);
  const [contentScope, setContentScope] = useState<WebhookContentScope>('ids');
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();

  if (accounts.length === 0)
    return (
      <p className="govuk-body">
        First create a service account with the scope “Receive webhooks” for the case system (Service accounts).
      </p>
    );
  const owner = serviceAccountId || accounts[0]!.id;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = validate(CreateWebhookSubscriptionRequestSchema, {
      serviceAccountId: owner,
      name,
      url,
      eventTypes,
      contentScope,
    });
    if (!body) return;
    await send(async () => {
      const created = await withStepUp(() => api.webhooks.create(body));
      setName('');
      setUrl('');
      setEventTypes([]);
      setContentScope('ids');
      await onCreated(created.subscription.name, created.secret);
    });
  }

  const summary = toSummary(
    errors,
    FIELD_ORDER,
    (path) => (path.startsWith('eventTypes') ? 'eventTypes' : FIELD_ORDER.includes(path) ? path : undefined),
    'serviceAccountId',
  );
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="create-webhook-form">
      {(summary.length > 0 || generalError) && (
        <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      )}
      <SelectField
        id="serviceAccountId"
        name="serviceAccountId"
        label="Service account"
        hint="The case system the messages are for"
        value={owner}
        options={accounts.map((a) => ({ value: a.id, text: `${a.name} (${a.organisation})` }))}
        onChange={setServiceAccountId}
        error={errors.serviceAccountId}
      />
      <TextField
        id="name"
        name="name"
        label="Name"
        hint="For example, Mosaic production"
        autoComplete="off"
        value={name}
        onChange={setName}
        error={errors.name}
        widthClass="govuk-!-width-two-thirds"
      />
      <TextField
        id="url"
        name="url"
        label="Address the case system receives messages at"
        hint="Starts with https://"
        type="url"
        autoComplete="off"
        spellCheck={false}
        value={url}
        onChange={setUrl}
        error={errors.url}
      />
      <CheckboxesField
        id="eventTypes"
        legend="Events"
        hint="Select all that apply"
        values={eventTypes}
        options={WEBHOOK_EVENT_TYPES.map((type) => ({ value: type, text: WEBHOOK_EVENT_LABELS[type], hint: type }))}
        onChange={setEventTypes}
        error={errors.eventTypes}
        small
      />
      <RadiosField
        id="contentScope"
        legend="What each message carries"
        value={contentScope}
        options={WEBHOOK_CONTENT_SCOPES.map((scope) => ({ value: scope, text: WEBHOOK_CONTENT_SCOPE_LABELS[scope] }))}
        onChange={setContentScope}
        error={errors.contentScope}
      />
      <button type="submit" className="govuk-button" disabled={submitting}>
        Add subscription
      </button>
    </form>
  );
}

function DeliveryLog({
  subscription,
  onProblem,
}: {
  subscription: WebhookSubscription;
  onProblem: (problem: string) => void;
}) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [status, setStatus] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      setDeliveries((await api.webhooks.deliveries(subscription.id)).deliveries);
    } catch (error) {
      onProblem(errorMessage(error));
    }
  }, [subscription.id, onProblem]);

  useEffect(() => {
    void load();
    heading.current?.focus();
  }, [load]);

  async function replay(delivery: WebhookDelivery) {
    try {
      await api.webhooks.replay(delivery.id);
      setStatus(`The ${delivery.eventType} message is being sent again with the same id.`);
      await load();
    } catch (error) {
      onProblem(errorMessage(error));
    }
  }

  return (
    <section aria-labelledby="delivery-log-heading" className="govuk-!-margin-bottom-8" data-testid="delivery-log">
      <h2 className="govuk-heading-m" id="delivery-log-heading" tabIndex={-1} ref={heading}>
        Deliveries to {subscription.name}
      </h2>
      <p className="govuk-body" role="status">
        {status}
      </p>
      <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void load()}>
        Refresh deliveries
      </button>
      {deliveries === null ? (
        <p className="govuk-body">Loading…</p>
      ) : deliveries.length === 0 ? (
        <p className="govuk-body">Nothing has been sent to this subscription yet.</p>
      ) : (
        <ul className="govuk-list">
          {deliveries.map((d) => (
            <li key={d.id} className="govuk-!-margin-bottom-4">
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                {d.eventType}, {formatTimestamp(d.createdAt)}{' '}
                <strong className={`govuk-tag ${DELIVERY_STATE_TEXT[d.state].tag}`}>
                  {DELIVERY_STATE_TEXT[d.state].text}
                </strong>
              </h3>
              <p className="govuk-body-s govuk-!-margin-bottom-1">Message id {d.webhookId}</p>
              <ul className="govuk-list govuk-list--bullet govuk-body-s">
                {d.attempts.map((a) => (
                  <li key={a.number}>
                    {describeAttempt(a)}
                    {a.responseSnippet && <span className="govuk-hint"> The receiver said: “{a.responseSnippet}”</span>}
                  </li>
                ))}
              </ul>
              {subscription.status === 'active' && (
                <button type="button" className="govuk-link rt-link-button" onClick={() => void replay(d)}>
                  Send again
                  <span className="govuk-visually-hidden">
                    {' '}
                    the {d.eventType} message of {formatTimestamp(d.createdAt)}
                  </span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
