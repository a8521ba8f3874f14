import type { ChosenFileRef } from '../../../electron/api/contract/index';
import { dispatchAppEvent } from '../../app-events';

/**
 * How another part of the page hands a package to the Utbyte page: the same
 * way as the shell does with a .ramkoll file double-clicked in the file
 * manager (an `open-package` app event): the app goes to #/utbyte, and the
 * page shows the package and asks before reading it in
 * (ReceiveSection takes it with usePendingPackage).
 */
export function requestPackageImport(file: ChosenFileRef): void {
  dispatchAppEvent({ type: 'open-package', file: { ref: file.ref, name: file.name } });
}
