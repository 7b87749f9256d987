// @ts-check
'use strict';
/** /api/v1/User… routes: the credential test (currentPrincipal) and the AllUsers archive. */
const { jsonReply } = require('../http');
const { runArchiveQuery } = require('../odata');
const { USER_ARCHIVE } = require('../archive');

/** @typedef {import('./env').RouteEnv} RouteEnv */

/**
 * @param {import('../router').Router} router
 * @param {RouteEnv} env
 * @param {string} tenant
 */
function registerUserRoutes(router, env, tenant) {
	router.add('GET', 'User/currentPrincipal', (ctx) => {
		const a = ctx.principal;
		return jsonReply(200, {
			UserType: 'InternalAssociate',
			Associate: a.name,
			AssociateId: a.associateId,
			IsPerson: true,
			PersonId: a.personId,
			CountryId: 578,
			HomeCountryId: 578,
			ContactId: 2,
			GroupId: 1,
			BusinessId: 0,
			CategoryId: 0,
			ContactOwner: 0,
			RoleId: 1,
			RoleName: a.isBot ? 'Chatbot' : 'User',
			RoleDescription: '',
			RoleType: 'Employee',
			Licenses: [],
			FullName: a.fullName,
			EMailAddress: a.email,
			FunctionRights: [],
			EjUserId: 0,
			EjAccessLevel: 0,
			EjUserStatus: 'Normal',
			ProvidedCredentials: [
				{ Type: ctx.scheme, SearchName: a.username, DisplayName: a.fullName, CredentialId: 0 },
			],
			SecondaryGroups: [],
			DatabaseContextIdentifier: tenant,
			UserName: a.username,
		});
	});

	router.add('GET', 'User', (ctx) =>
		jsonReply(
			200,
			runArchiveQuery({
				archive: USER_ARCHIVE,
				rows: [...env.state.associates],
				ctx: env.archiveContext(),
				query: ctx.query,
				rawQuery: ctx.rawQuery,
				linkBase: `${env.apiUrl()}${ctx.apiPath}`,
				metadataUrl: `${env.apiUrl()}/archive$metadata`,
				...env.odata,
			}),
		),
	);
}

module.exports = { registerUserRoutes };
