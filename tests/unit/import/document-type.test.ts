import { describe, expect, it } from 'vitest';
import { formerNumber, titleFromFileName, typeFromName, typeFromPath, typeFromWord } from '../../../src/qms/import/document-type.ts';

describe('the type a file or folder name says', () => {
  it.each([
    ['Hand hygiene policy', 'policy'],
    ['Policies', 'policy'],
    ['SOP-12 Blood cultures', 'procedure'],
    ['Discharge procedure v3', 'procedure'],
    ['WI 3 Defibrillator check', 'work-instruction'],
    ['Work instruction - commode cleaning', 'work-instruction'],
    ['Work instructions', 'work-instruction'],
    ['Patient property FORM', 'form'],
    ['FRM_007 Document change request', 'form'],
    ['HandHygienePolicy', 'policy'],
    ['SOP for the consent form', 'procedure'],
  ])('reads %s as a %s', (name, type) => {
    expect(typeFromName(name)).toEqual({ type });
  });

  it('counts abbreviations only in capitals, and words only whole: Wi-Fi, Information, Platform say nothing', () => {
    expect(typeFromName('Wi-Fi access for patients')).toBeUndefined();
    expect(typeFromName('Information governance')).toBeUndefined();
    expect(typeFromName('Wi-Fi use policy')).toEqual({ type: 'policy' });
  });

  it('says nothing for sure when a name names two types in words', () => {
    expect(typeFromName('Consent form procedure')).toEqual({ ambiguous: ['form', 'procedure'] });
  });

  it('takes the file name first, then the nearest folder that says a type, and names where', () => {
    expect(typeFromPath('Visiting policy.md', ['Forms'])).toEqual({ type: 'policy', from: 'the file name', ambiguous: [] });
    expect(typeFromPath('Visiting.md', ['Ward 3', 'Forms', 'Policies'])).toEqual({ type: 'form', from: 'the folder "Forms"', ambiguous: [] });
    expect(typeFromPath('Consent form procedure.docx', ['Policies'])).toEqual({ type: 'policy', from: 'the folder "Policies"', ambiguous: ['the file name names form and procedure'] });
    expect(typeFromPath('Visiting.md', ['Ward 3'])).toEqual({ ambiguous: [] });
  });
});

describe('a type as a person writes it on the command line or in a mapping', () => {
  it.each([
    ['work-instruction', 'work-instruction'],
    ['Work instruction', 'work-instruction'],
    ['work_instructions', 'work-instruction'],
    ['SOP', 'procedure'],
    ['wi', 'work-instruction'],
    ['frm', 'form'],
    ['Policy', 'policy'],
  ])('reads %s as %s', (word, type) => {
    expect(typeFromWord(word)).toBe(type);
  });

  it('knows no other type', () => {
    expect(typeFromWord('guideline')).toBeUndefined();
  });
});

describe('a title from a file name', () => {
  it.each([
    ['SOP-12 Blood culture collection.docx', 'Blood culture collection'],
    ['POL_003_consent.md', 'Consent'],
    ['hand_hygiene_policy.md', 'Hand hygiene policy'],
    ['falls-prevention.md', 'Falls prevention'],
    ['Follow-up care after discharge.md', 'Follow-up care after discharge'],
    ['SOP-12.md', 'SOP-12'],
  ])('makes %s "%s"', (name, title) => {
    expect(titleFromFileName(name)).toBe(title);
  });

  it('keeps the former number for the report', () => {
    expect(formerNumber('SOP-12 Blood culture collection.docx')).toBe('SOP-12');
    expect(formerNumber('Blood culture collection.docx')).toBeUndefined();
  });
});
