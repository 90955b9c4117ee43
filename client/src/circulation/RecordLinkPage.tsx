import { formatDateTime } from '@roundtable/shared/dates';
import {
  RecordLinkDownloadRequestSchema,
  RecordLinkTokenSchema,
  type RecordLinkResponse,
} from '@roundtable/shared/circulation';
import { useEffect, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { api, errorMessage, isApiError } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextField } from '../forms/TextField';
import { describeError, useFormSubmission } from '../forms/useFormSubmission';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';

type Step =
  | { kind: 'loading' }
  | { kind: 'refused'; message: string }
  | { kind: 'ready'; link: RecordLinkResponse; codeSent: string | null }
  | { kind: 'downloaded'; link: RecordLinkResponse; fileName: string };

/** Hands a file to the browser as a download. */
function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The link cannot be used: why, and what to do. */
function Refused({ message }: { message: string }) {
  usePageTitle('This link cannot be used');
  return (
    <>
      <PageHeading>This link cannot be used</PageHeading>
      <p className="govuk-body" data-testid="record-link-refused">
        {message}
      </p>
    </>
  );
}

/** Email me a code, then enter it and download. */
function DownloadForm({
  token,
  link,
  codeSent,
  onCodeSent,
  onDownloaded,
}: {
  token: string;
  link: RecordLinkResponse;
  codeSent: string | null;
  onCodeSent: (message: string) => void;
  onDownloaded: (fileName: string) => void;
}) {
  const [code, setCode] = useState('');
  const [sending, setSending] = useState(false);
  const { errors, generalError, attempt, submitting, validate, send, fail } = useFormSubmission();
  const title = codeSent ? 'Enter your code' : 'Download the record';
  usePageTitle(title, Object.keys(errors).length > 0 || generalError !== undefined);

  async function requestCode() {
    setSending(true);
    try {
      onCodeSent((await api.circulation.link.requestCode({ token })).message);
      setCode('');
    } catch (error) {
      fail({}, errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(RecordLinkDownloadRequestSchema, { token, code });
    if (parsed === undefined) return;
    await send(
      async () => {
        const file = await api.circulation.link.download(parsed);
        saveFile(file.blob, file.fileName);
        onDownloaded(file.fileName);
      },
      (error) =>
        isApiError(error, 'InvalidCredentials') ? { fields: { code: errorMessage(error) } } : describeError(error),
    );
  }

  const summary = toSummary(errors, ['code'], () => 'record-link-code', 'record-link-code');
  return (
    <>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <PageHeading caption={`Meeting ${link.reference}`}>{title}</PageHeading>
      <p className="govuk-body">
        You have been sent the record of {link.meetingTypeLabel} {link.reference} (version {link.version},{' '}
        {link.variantLabel.toLowerCase()}). The link is for you only. It works once, until{' '}
        {formatDateTime(link.expiresAt)}.
      </p>
      {codeSent === null ? (
        <>
          <p className="govuk-body">To check it is you, we will email a code to {link.emailHint}.</p>
          <button
            type="button"
            className="govuk-button"
            disabled={sending}
            onClick={() => void requestCode()}
            data-testid="record-link-send-code"
          >
            Email me a code
          </button>
        </>
      ) : (
        <>
          <div className="govuk-inset-text" role="status" data-testid="record-link-code-sent">
            {codeSent}
          </div>
          <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="record-link-form">
            <TextField
              id="record-link-code"
              name="code"
              label="Code"
              hint={`The 6 numbers in the email we sent to ${link.emailHint}`}
              value={code}
              onChange={setCode}
              error={errors.code}
              autoComplete="one-time-code"
              inputMode="numeric"
              spellCheck={false}
              widthClass="govuk-input--width-10"
            />
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button" disabled={submitting}>
                Download the record (PDF)
              </button>
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                disabled={sending}
                onClick={() => void requestCode()}
              >
                Send a new code
              </button>
            </div>
          </form>
        </>
      )}
      <p className="govuk-body-s">
        The record is OFFICIAL-SENSITIVE. Keep it somewhere only people with a need to know can read it.
      </p>
    </>
  );
}

/**
 * The page a non-member's record link opens (docs/CIRCULATION.md):
 * `/record-link#<token>`. The token stays in the fragment (never sent in a
 * URL); the page asks for a one-time code emailed to the recipient, then
 * downloads their version once. No session is needed or used.
 */
export function RecordLinkPage() {
  const { hash } = useLocation();
  const token = hash.replace(/^#/, '');
  const [step, setStep] = useState<Step>({ kind: 'loading' });

  useEffect(() => {
    let cancelled = false;
    const parsed = RecordLinkTokenSchema.safeParse(token);
    if (!parsed.success) {
      setStep({ kind: 'refused', message: parsed.error.issues[0]?.message ?? 'This link is not complete' });
      return;
    }
    api.circulation.link.open({ token }).then(
      (link) => !cancelled && setStep({ kind: 'ready', link, codeSent: null }),
      (error: unknown) => !cancelled && setStep({ kind: 'refused', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  if (step.kind === 'loading') {
    return (
      <p className="govuk-body" role="status">
        Loading…
      </p>
    );
  }
  if (step.kind === 'refused') return <Refused message={step.message} />;
  if (step.kind === 'downloaded') return <Downloaded fileName={step.fileName} />;
  return (
    <DownloadForm
      token={token}
      link={step.link}
      codeSent={step.codeSent}
      onCodeSent={(message) => setStep({ ...step, codeSent: message })}
      onDownloaded={(fileName) => setStep({ kind: 'downloaded', link: step.link, fileName })}
    />
  );
}

function Downloaded({ fileName }: { fileName: string }) {
  usePageTitle('The record has downloaded');
  return (
    <div className="govuk-panel govuk-panel--confirmation" data-testid="record-link-downloaded">
      <h1 className="govuk-panel__title">The record has downloaded</h1>
      <div className="govuk-panel__body">
        Look for <strong>{fileName}</strong> in your downloads. The link cannot be used again.
      </div>
    </div>
  );
}
