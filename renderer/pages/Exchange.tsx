import { NotBuiltPage } from './NotBuilt';

export function ExchangePage() {
  return (
    <NotBuiltPage title="Utbyte">
      <ul>
        <li>paket till och från sektorchefer och Ekonomi, med konflikter som syns i stället för att försvinna</li>
      </ul>
    </NotBuiltPage>
  );
}
