'use client';
import { useState, type ChangeEvent } from 'react';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A form's text controls over one state object: `{...bind('name')}` gives a control its value and onChange. */
export function useFields<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const bind = (key: keyof T) => ({
    value: values[key],
    onChange: (e: ChangeEvent<Control>) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });
  return { values, bind };
}
