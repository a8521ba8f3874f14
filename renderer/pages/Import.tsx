import { NotBuiltPage } from './NotBuilt';

export function ImportPage() {
  return (
    <NotBuiltPage title="Import">
      <ul>
        <li>inläsning av utfall från ekonomisystemet som CSV, Excel eller SIE, med förhandsgranskning och kontrollsummor</li>
        <li>sparade mappningsprofiler och historik över inläsningar, med ångra</li>
      </ul>
      <p>Organisation och kontoplan kan redan läsas in från kommandoraden: ramkoll masterdata FIL --db DB --kind organisation|accounts.</p>
    </NotBuiltPage>
  );
}
