import { isIsoDate } from '../../qms/base/dates.ts';
import { createClass, h, type ControlProps, type PreviewProps, type Validity } from './decap-react.ts';

/**
 * `qms-date`: a calendar day, stored exactly as the browser's own date field gives it (2026-11-30), or
 * left out when empty. Decap's datetime widget parses what is typed with a display format and stored
 * 1906 for 30/11/2026 typed by hand (decaporg/decap-cms#7939); the native field needs no parsing, shows
 * the date in the reader's own format and offers a calendar.
 */

/** Years a controlled document can plausibly carry: a year typed short (0202, 20) is a slip, not a date. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

/** A day as the browser's date field writes it. The year is read here, not by Date.UTC, which takes 0002 for 1902. */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** What is wrong with a stored date, in words, or undefined when it is empty or a plausible calendar day. */
export function dateProblem(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value);
  const day = DAY.exec(text);
  if (!day) return `"${text}" is not a date: pick the day from the calendar, or type it in full.`;
  const year = Number(day[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) return `The year ${day[1]} looks mistyped: type all four digits of the year, such as ${new Date().getUTCFullYear()}.`;
  if (!isIsoDate(text)) return `"${text}" is not a date: pick the day from the calendar, or type it in full.`;
  return undefined;
}

type Props = ControlProps<string>;

export function dateWidget() {
  const control = createClass<Props, object, Methods>({
    input: null,

    // Decap asks the control before saving; the message is shown under the field.
    isValid() {
      const problem = dateProblem(this.props.value);
      return problem ? { error: { type: 'CUSTOM', message: problem } } : true;
    },

    /**
     * The field is the browser's while the date is typed: a half-typed date (day and month, no year yet)
     * reads as '', and Decap's copy can lag a keystroke behind, so a controlled field set back to it would
     * wipe what was typed. Decap's value goes in only when the field does not have the focus (an entry
     * loaded, a change reverted).
     */
    componentDidMount() {
      this.sync();
    },
    componentDidUpdate() {
      this.sync();
    },
    sync() {
      const wanted = shownValue(this.props.value);
      if (this.input && document.activeElement !== this.input && this.input.value !== wanted) this.input.value = wanted;
    },

    render() {
      const { forID, value, onChange, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
      // A value the field cannot show (typed by hand into the file) is said, not silently blanked.
      const unreadable = typeof value === 'string' && value !== '' && !DAY.test(value) ? value : undefined;
      return h(
        'div',
        null,
        h('input', {
          type: 'date',
          id: forID,
          ref: (element: HTMLInputElement | null) => {
            this.input = element;
          },
          className: classNameWrapper,
          defaultValue: shownValue(value),
          // Four-digit years only: without a maximum, the browser lets a fifth digit into the year.
          min: `${FIRST_YEAR}-01-01`,
          max: `${LAST_YEAR}-12-31`,
          onChange: (event: { target: HTMLInputElement }) => onChange(event.target.value),
          onFocus: setActiveStyle,
          onBlur: setInactiveStyle,
        }),
        unreadable ? h('p', { style: { margin: '6px 0 0', color: '#8a1c1c' } }, `The file has "${unreadable}" here, which is not a date written YYYY-MM-DD. Pick the date again.`) : null,
      );
    },
  });
  const preview = ({ value }: PreviewProps<string>) => h('span', null, typeof value === 'string' ? value : '');
  return { control, preview };
}

/** What the browser's date field can hold: a YYYY-MM-DD day (the browser itself drops an impossible one), or nothing. */
const shownValue = (value: unknown) => (typeof value === 'string' && DAY.test(value) ? value : '');

interface Methods {
  input: HTMLInputElement | null;
  isValid(): Validity;
  componentDidMount(): void;
  componentDidUpdate(): void;
  sync(): void;
  render(): unknown;
}
