import type { ReactNode } from 'react';
import { NotBuiltPage } from './NotBuilt';
import { OverviewPage } from './Overview';

export interface PageDef {
  id: string;
  title: string;
  render(): ReactNode;
}

export const PAGES: readonly PageDef[] = [
  { id: 'oversikt', title: 'Översikt', render: () => <OverviewPage /> },
  {
    id: 'budget',
    title: 'Budget',
    render: () => (
      <NotBuiltPage title="Budget">
        <ul>
          <li>budgetversioner (beslutad, revideringar, arbetsversion) och omfördelningar med beslutsreferens</li>
          <li>ramar per sektor, verksamhet och enhet, med vad som återstår att fördela</li>
          <li>budgetrader per kodsträng med periodisering, personalbudget och VF-lista</li>
        </ul>
      </NotBuiltPage>
    ),
  },
  {
    id: 'import',
    title: 'Import',
    render: () => (
      <NotBuiltPage title="Import">
        <ul>
          <li>inläsning av utfall från ekonomisystemet som CSV, Excel eller SIE, med förhandsgranskning och kontrollsummor</li>
          <li>sparade mappningsprofiler och historik över inläsningar, med ångra</li>
        </ul>
        <p>Organisation och kontoplan kan redan läsas in från kommandoraden: ramkoll masterdata FIL --db DB --kind organisation|accounts.</p>
      </NotBuiltPage>
    ),
  },
  {
    id: 'uppfoljning',
    title: 'Uppföljning',
    render: () => (
      <NotBuiltPage title="Uppföljning">
        <ul>
          <li>avvikelser per period för förvaltning, sektor, verksamhet och enhet</li>
          <li>helårsprognos och kommentarer (orsak och åtgärd) med status från enhet till förvaltning</li>
        </ul>
      </NotBuiltPage>
    ),
  },
  {
    id: 'rapporter',
    title: 'Rapporter',
    render: () => (
      <NotBuiltPage title="Rapporter">
        <ul>
          <li>månads-, tertial-, delårs- och årsrapport till nämnden som PDF, Excel och Word</li>
        </ul>
      </NotBuiltPage>
    ),
  },
  {
    id: 'utbyte',
    title: 'Utbyte',
    render: () => (
      <NotBuiltPage title="Utbyte">
        <ul>
          <li>paket till och från sektorchefer och Ekonomi, med konflikter som syns i stället för att försvinna</li>
        </ul>
      </NotBuiltPage>
    ),
  },
  {
    id: 'installningar',
    title: 'Inställningar',
    render: () => (
      <NotBuiltPage title="Inställningar">
        <ul>
          <li>kommunens och förvaltningens namn, den här installationens roll och organisatoriska omfattning</li>
          <li>säkerhetskopior med återställning</li>
        </ul>
      </NotBuiltPage>
    ),
  },
];
