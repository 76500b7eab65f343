/**
 * React as the Decap CMS bundle exposes it (`window.h` is React.createElement, `window.createClass` is
 * create-react-class). Widgets are built with these and never import React: a second copy of React in
 * the page breaks Decap's own components.
 */

/** What React renders: an element made with `h`, text, or nothing. */
export type Rendered = unknown;

/** A component instance as create-react-class makes it. */
export interface Instance<Props, State> {
  props: Props;
  state: State;
  setState(update: Partial<State>, done?: () => void): void;
}

/** The props Decap CMS gives a widget's control (https://decapcms.org/docs/custom-widgets/). */
export interface ControlProps<Value> {
  value: Value | undefined | null;
  onChange(value: Value): void;
  /** The id the field's <label for> points at. */
  forID: string;
  /** Decap's class for a field's input: its border, padding and colours. */
  classNameWrapper: string;
  /** Mark the field (label and border) active or inactive, as Decap's own widgets do on focus and blur. */
  setActiveStyle(): void;
  setInactiveStyle(): void;
}

export interface PreviewProps<Value> {
  value: Value | undefined | null;
}

/** A Decap field validation answer: valid, or an error shown under the field. */
export type Validity = true | { error: { type: 'CUSTOM'; message: string } };

type ComponentType = unknown;
interface DecapReact {
  h(type: string | ComponentType, props?: Record<string, unknown> | null, ...children: Rendered[]): Rendered;
  createClass(spec: object): ComponentType;
}

const react = () => window as unknown as DecapReact;

/** React.createElement, from the Decap bundle. */
export const h: DecapReact['h'] = (type, props, ...children) => react().h(type, props, ...children);

/** A class component from a spec (`render`, `getInitialState`, methods), with `this` typed. */
export function createClass<Props, State, Methods extends { render(): Rendered }>(
  spec: Methods & { getInitialState?(): State } & ThisType<Methods & Instance<Props, State>>,
): ComponentType {
  return react().createClass(spec);
}

/** A stylesheet added to the admin page once, for what inline styles cannot say (focus, hover). */
export function addStylesheet(id: string, css: string): void {
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  style.textContent = css;
  document.head.append(style);
}
