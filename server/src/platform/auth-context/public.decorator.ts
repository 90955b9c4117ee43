import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'roundtable:public';

/** Marks a route that needs no session (health, sign-in). Every other route is authenticated. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
